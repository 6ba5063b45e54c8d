# Debian's mips-linux-gnu cross compiler (package g++-mips-linux-gnu).
set(CMAKE_SYSTEM_PROCESSOR mips)
set(LW_TRIPLE mips-linux-gnu)
set(LW_QEMU mips)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
# Debian 12 has no big-endian mips port, hence no multiarch libuv, mbedTLS
# or c-ares: configure with -DLW_CORE_ONLY=ON to build and test the core.
