# agent/core is pure: no I/O, no clock, no libuv, mbedTLS, c-ares or socket
# headers.  This is checked on every build, before the core compiles: a file
# that breaks the rule stops the build with its name and line.

set(LW_PURITY_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/check_core_purity.cmake)

# lw_enforce_purity(<target> <dir>) makes <target> depend on the check of
# every source and header below <dir>.
function(lw_enforce_purity target dir)
    file(GLOB_RECURSE files CONFIGURE_DEPENDS
         ${dir}/*.h ${dir}/*.hpp ${dir}/*.cpp ${dir}/*.cc)
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.purity.stamp)
    add_custom_command(
        OUTPUT ${stamp}
        COMMAND ${CMAKE_COMMAND} -DROOT=${dir} -P ${LW_PURITY_SCRIPT}
        COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
        DEPENDS ${files} ${LW_PURITY_SCRIPT}
        COMMENT "Checking that ${dir} includes no I/O, clock or network headers"
        VERBATIM)
    add_custom_target(${target}_purity DEPENDS ${stamp})
    add_dependencies(${target} ${target}_purity)
endfunction()
