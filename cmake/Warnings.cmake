# Warnings for our own targets.  The core gets the conversion warnings too:
# every narrowing of a wire field there should be visible in the code.
add_library(lw_warnings INTERFACE)
target_compile_options(lw_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wnull-dereference -Wimplicit-fallthrough)

add_library(lw_core_warnings INTERFACE)
target_link_libraries(lw_core_warnings INTERFACE lw_warnings)
target_compile_options(lw_core_warnings INTERFACE -Wconversion -Wsign-conversion)

# GCC 12 reports -Wrestrict, -Warray-bounds and -Wstringop-overflow inside libstdc++'s string
# code (GCC bugs 105329, 105651, 106199): false positives that would stop Release
# and precompiled-header builds.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(lw_warnings INTERFACE -Wno-restrict -Wno-array-bounds
                           -Wno-stringop-overflow)
endif()

option(LW_WERROR "Treat warnings as errors" ON)
if(LW_WERROR)
    target_compile_options(lw_warnings INTERFACE -Werror)
endif()
