# Shared part of the toolchain files for Debian's cross compilers.  The
# including file sets LW_TRIPLE (the GNU triple), LW_QEMU (qemu-user's name
# for the CPU) and CMAKE_SYSTEM_PROCESSOR.
#
# Libraries come from Debian's multiarch -dev packages
# (toolchains/install-cross.sh installs them): headers in /usr/include,
# libraries in /usr/lib/<triple>, which CMAKE_LIBRARY_ARCHITECTURE makes
# find_library() search instead of the host's.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${LW_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${LW_TRIPLE}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${LW_TRIPLE})

# Never pick up a library of the build machine by mistake.
set(CMAKE_IGNORE_PATH /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu)

# binfmt_misc is not always mounted (containers, CI), so CTest runs target
# binaries through qemu-user explicitly, with the cross libc as its root.
find_program(LW_QEMU_PROGRAM qemu-${LW_QEMU}-static qemu-${LW_QEMU})
if(LW_QEMU_PROGRAM)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${LW_QEMU_PROGRAM} -L /usr/${LW_TRIPLE})
endif()
