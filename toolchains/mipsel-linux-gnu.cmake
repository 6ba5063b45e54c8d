# Debian's mipsel-linux-gnu cross compiler (package g++-mipsel-linux-gnu).
set(CMAKE_SYSTEM_PROCESSOR mipsel)
set(LW_TRIPLE mipsel-linux-gnu)
set(LW_QEMU mipsel)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
