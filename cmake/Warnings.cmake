# Warnings for our own targets.  The core gets the conversion warnings too:
# every narrowing of a wire field there should be visible in the code.
add_library(lw_warnings INTERFACE)
target_compile_options(lw_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wnull-dereference -Wimplicit-fallthrough)

add_library(lw_core_warnings INTERFACE)
target_link_libraries(lw_core_warnings INTERFACE lw_warnings)
target_compile_options(lw_core_warnings INTERFACE -Wconversion -Wsign-conversion)

option(LW_WERROR "Treat warnings as errors" ON)
if(LW_WERROR)
    target_compile_options(lw_warnings INTERFACE -Werror)
endif()
