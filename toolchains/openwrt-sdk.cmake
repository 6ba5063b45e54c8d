# Builds lanwarden with an OpenWrt SDK's toolchain, outside the SDK's own
# package build (inside it, openwrt/Makefile and cmake.mk do this).
#
# Environment:
#   STAGING_DIR        the SDK's staging_dir/target-<arch>_<libc> directory,
#                      where the feed's libuv, mbedTLS and c-ares are staged
#   OPENWRT_TOOLCHAIN  the SDK's staging_dir/toolchain-<arch>_gcc-<v>_<libc>
#   OPENWRT_TARGET     the target triple, e.g. mipsel-openwrt-linux-musl
#
#   cmake -S . -B build/openwrt -DCMAKE_TOOLCHAIN_FILE=toolchains/openwrt-sdk.cmake \
#         -DLW_TESTS=OFF -DLW_SIZE=ON
foreach(var STAGING_DIR OPENWRT_TOOLCHAIN OPENWRT_TARGET)
    if(NOT DEFINED ENV{${var}})
        message(FATAL_ERROR "openwrt-sdk.cmake: set ${var} in the environment "
                            "(see the comment at the top of ${CMAKE_CURRENT_LIST_FILE})")
    endif()
endforeach()

set(CMAKE_SYSTEM_NAME Linux)
string(REGEX REPLACE "-.*" "" CMAKE_SYSTEM_PROCESSOR "$ENV{OPENWRT_TARGET}")
set(CMAKE_C_COMPILER $ENV{OPENWRT_TOOLCHAIN}/bin/$ENV{OPENWRT_TARGET}-gcc)
set(CMAKE_CXX_COMPILER $ENV{OPENWRT_TOOLCHAIN}/bin/$ENV{OPENWRT_TARGET}-g++)

# Headers and libraries only from the staging directory; programs from the
# build machine.
set(CMAKE_FIND_ROOT_PATH $ENV{STAGING_DIR} $ENV{OPENWRT_TOOLCHAIN})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# The SDK warns when STAGING_DIR is unset for its gcc wrapper; it is set.
# 64-bit atomics on 32-bit MIPS and ARM live in libatomic.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(mips|mipsel|arm)$")
    add_link_options(-latomic)
endif()
