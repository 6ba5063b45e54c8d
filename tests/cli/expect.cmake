# cmake -DPROGRAM=... -DARGS=a;b -DEXIT=n [-DSTDOUT=re] [-DSTDERR=re]
#       [-DEMULATOR=qemu;...] -P expect.cmake
# Runs the program and fails unless the exit code and both outputs match.
execute_process(COMMAND ${EMULATOR} ${PROGRAM} ${ARGS}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(problems "")
if(NOT code STREQUAL EXIT)
    string(APPEND problems "exit code ${code}, expected ${EXIT}\n")
endif()
if(STDOUT AND NOT out MATCHES "${STDOUT}")
    string(APPEND problems "stdout does not match '${STDOUT}'\n")
endif()
if(STDERR AND NOT err MATCHES "${STDERR}")
    string(APPEND problems "stderr does not match '${STDERR}'\n")
endif()
if(problems)
    message(FATAL_ERROR "${PROGRAM} ${ARGS}:\n${problems}--- stdout:\n${out}--- stderr:\n${err}")
endif()
