# cmake -DROOT=<dir> -P check_core_purity.cmake
#
# Fails when a file below ROOT includes a header that does I/O, reads a clock
# or belongs to libuv, mbedTLS, c-ares or the socket API, or calls a clock
# directly.  Each offence is printed as file:line: text, then the run fails.

if(NOT ROOT)
    message(FATAL_ERROR "usage: cmake -DROOT=<dir> -P check_core_purity.cmake")
endif()

# Headers the core may not include, as regular expressions on the name
# between <> or "".
set(forbidden
    "^uv\\.h$" "^uv/"                                   # libuv
    "^mbedtls/" "^psa/"                                 # mbedTLS
    "^ares\\.h$" "^ares_"                               # c-ares
    "^sys/socket\\.h$" "^netinet/" "^arpa/" "^netdb\\.h$" "^sys/un\\.h$"
    "^net/" "^linux/" "^ifaddrs\\.h$" "^poll\\.h$" "^sys/epoll\\.h$"
    "^unistd\\.h$" "^fcntl\\.h$" "^sys/stat\\.h$" "^sys/types\\.h$"
    "^syslog\\.h$" "^signal\\.h$" "^csignal$" "^pthread\\.h$"
    "^time\\.h$" "^ctime$" "^sys/time\\.h$"             # clocks
    "^thread$" "^mutex$" "^future$" "^filesystem$" "^fstream$" "^iostream$"
    "^cstdio$" "^stdio\\.h$" "^random$"
    "^uvw" "^asio" "^boost/asio")

# Calls that read a clock or the environment, even through an allowed header.
set(forbidden_calls
    "_clock::now" "std::getenv" "[^_a-z]rand\\(\\)" "std::random_device")

file(GLOB_RECURSE files ${ROOT}/*.h ${ROOT}/*.hpp ${ROOT}/*.cpp ${ROOT}/*.cc)
set(offences "")
foreach(f IN LISTS files)
    file(STRINGS ${f} lines)
    set(n 0)
    foreach(line IN LISTS lines)
        math(EXPR n "${n} + 1")
        if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"]")
            set(header ${CMAKE_MATCH_1})
            foreach(re IN LISTS forbidden)
                if(header MATCHES "${re}")
                    string(APPEND offences "${f}:${n}: forbidden include <${header}>\n")
                endif()
            endforeach()
        endif()
        foreach(re IN LISTS forbidden_calls)
            if(line MATCHES "${re}" AND NOT line MATCHES "^[ \t]*//")
                string(APPEND offences "${f}:${n}: forbidden call: ${line}\n")
            endif()
        endforeach()
    endforeach()
endforeach()

if(offences)
    # NOTICE prints the lines as they are; FATAL_ERROR would rewrap them.
    message(NOTICE "${offences}")
    message(FATAL_ERROR
        "agent/core must stay pure: no I/O, clock, libuv, mbedTLS, c-ares or "
        "socket headers (DESIGN.md, Layers); offending lines are listed above")
endif()
