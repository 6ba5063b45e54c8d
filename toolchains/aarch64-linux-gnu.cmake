# Debian's aarch64-linux-gnu cross compiler (package g++-aarch64-linux-gnu).
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(LW_TRIPLE aarch64-linux-gnu)
set(LW_QEMU aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
