# Finds the libraries lanwarden builds against.  They come from the
# distribution (Debian package names in the messages), never from the
# network.  Cross builds find the multiarch copies through
# CMAKE_LIBRARY_ARCHITECTURE, which the files in toolchains/ set.

# lw_require_library(<name> HEADER <h> LIBS <l...> PACKAGE <deb>)
# Creates the imported target lw::<name> and sets LW_<name>_INCLUDE_DIR, or
# stops with the package to install.
function(lw_require_library name)
    cmake_parse_arguments(ARG "" "HEADER;PACKAGE" "LIBS" ${ARGN})
    find_path(LW_${name}_INCLUDE_DIR ${ARG_HEADER})
    set(libs)
    set(found ${LW_${name}_INCLUDE_DIR})
    foreach(lib IN LISTS ARG_LIBS)
        find_library(LW_${name}_${lib}_LIBRARY ${lib})
        if(NOT LW_${name}_${lib}_LIBRARY)
            set(found FALSE)
        endif()
        list(APPEND libs ${LW_${name}_${lib}_LIBRARY})
    endforeach()
    if(NOT found)
        message(FATAL_ERROR
            "lanwarden needs ${ARG_HEADER} and lib${ARG_LIBS}: "
            "install the Debian package ${ARG_PACKAGE} "
            "(apt-get install ${ARG_PACKAGE}, or run scripts/install-deps.sh)")
    endif()
    add_library(lw::${name} INTERFACE IMPORTED GLOBAL)
    target_include_directories(lw::${name} SYSTEM INTERFACE ${LW_${name}_INCLUDE_DIR})
    target_link_libraries(lw::${name} INTERFACE ${libs})
endfunction()

# lw_header_version(<out> <file> <regex with one group>)
function(lw_header_version out file regex)
    file(STRINGS "${file}" line REGEX "${regex}" LIMIT_COUNT 1)
    string(REGEX REPLACE ".*${regex}.*" "\\1" value "${line}")
    set(${out} "${value}" PARENT_SCOPE)
endfunction()

function(lw_require_version what have want package)
    if(have VERSION_LESS want)
        message(FATAL_ERROR "lanwarden needs ${what} ${want} or newer, found ${have}: "
                            "install the Debian package ${package} from Debian 12 or later")
    endif()
    message(STATUS "${what} ${have}")
endfunction()

# nlohmann/json is header-only and the core may use it, so it is needed by
# every build, including LW_CORE_ONLY.
find_package(nlohmann_json 3.11 QUIET)
if(NOT nlohmann_json_FOUND)
    message(FATAL_ERROR "lanwarden needs nlohmann/json 3.11: "
                        "install the Debian package nlohmann-json3-dev")
endif()

if(LW_TESTS)
    find_package(doctest 2.4 QUIET)
    if(NOT doctest_FOUND)
        message(FATAL_ERROR "the unit tests need doctest 2.4: "
                            "install the Debian package doctest-dev "
                            "(or configure with -DLW_TESTS=OFF)")
    endif()
endif()

if(NOT LW_CORE_ONLY)
    lw_require_library(uv HEADER uv.h LIBS uv PACKAGE libuv1-dev)
    lw_header_version(uv_major "${LW_uv_INCLUDE_DIR}/uv/version.h"
                      "#define UV_VERSION_MAJOR ([0-9]+)")
    lw_header_version(uv_minor "${LW_uv_INCLUDE_DIR}/uv/version.h"
                      "#define UV_VERSION_MINOR ([0-9]+)")
    lw_require_version(libuv "${uv_major}.${uv_minor}" 1.44 libuv1-dev)

    # mbedTLS 2.28 and 3.x both work; LW_MBEDTLS_ROOT points at another
    # installation (a static 3.6 build) and wins over the system copy.
    if(LW_MBEDTLS_ROOT)
        set(CMAKE_PREFIX_PATH "${LW_MBEDTLS_ROOT};${CMAKE_PREFIX_PATH}")
    endif()
    lw_require_library(mbedtls HEADER mbedtls/ssl.h
                       LIBS mbedtls mbedx509 mbedcrypto PACKAGE libmbedtls-dev)
    lw_header_version(mbedtls_version "${LW_mbedtls_INCLUDE_DIR}/mbedtls/version.h"
                      "#define MBEDTLS_VERSION_STRING +\"([0-9.]+)\"")
    if(NOT mbedtls_version)
        lw_header_version(mbedtls_version
                          "${LW_mbedtls_INCLUDE_DIR}/mbedtls/build_info.h"
                          "#define MBEDTLS_VERSION_STRING +\"([0-9.]+)\"")
    endif()
    lw_require_version(mbedTLS "${mbedtls_version}" 2.28 libmbedtls-dev)

    lw_require_library(cares HEADER ares.h LIBS cares PACKAGE libc-ares-dev)
    lw_header_version(cares_version "${LW_cares_INCLUDE_DIR}/ares_version.h"
                      "#define ARES_VERSION_STR +\"([0-9.]+)\"")
    lw_require_version(c-ares "${cares_version}" 1.17 libc-ares-dev)
endif()
