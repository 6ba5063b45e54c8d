# Debian's arm-linux-gnueabihf cross compiler (package g++-arm-linux-gnueabihf).
set(CMAKE_SYSTEM_PROCESSOR arm)
set(LW_TRIPLE arm-linux-gnueabihf)
set(LW_QEMU arm)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
