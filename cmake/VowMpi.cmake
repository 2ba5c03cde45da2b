# VowMpi.cmake - running programs under mpirun for the tests and examples.
#
#   VOW_MPIEXEC        the launcher and its flags, as a list, before the
#                      process count
#   vow_mpi_program(<target>)  links an MPI test or example program
#   vow_add_mpi_example(<name> <src> <ranks>...)
#                      builds examples/<name>.c as <build>/examples/<name>
#                      and registers example.<name>.np<ranks> for each rank
#                      count (labels example and mpi), whose output
#                      cmake/<name>_check.cmake checks
#   vow_add_mpi_test(<test name> <ranks> <program> [<arg>...])
#                      registers `VOW_MPIEXEC -n <ranks> <program> <arg>...`
#                      with label "mpi", the sanitizer environment (plus
#                      tests/mpi/lsan.supp and tsan.supp), a TIMEOUT and
#                      PROCESSORS 2.
#
# Network rule: MPI runs talk over shared memory and the loopback device
# only.  With Open MPI that is --mca btl self,vader (no TCP between ranks)
# and --mca oob_tcp_if_include lo (the runtime's own traffic on lo).

include_guard(GLOBAL)

# Where the MPI tests and examples run: the Release, ASan+UBSan and TSan
# suites (all clean).  Not under VOW_TEST_WRAPPER (make valgrind): Open MPI
# itself is not clean under memcheck (PMIx writes uninitialised bytes with
# writev, MPI_Init's operator tables and plugin constructors leak), even
# with Open MPI's own openmpi-valgrind.supp.
set(VOW_MPI_RUN_TESTS ON)
if(VOW_TEST_WRAPPER)
  set(VOW_MPI_RUN_TESTS OFF)
  message(STATUS "vow: MPI tests and examples not registered under VOW_TEST_WRAPPER "
                 "(Open MPI is not clean under memcheck)")
endif()

set(VOW_MPI_TEST_TIMEOUT 120)   # ctest's bound; mpirun's --timeout is 20 s less

set(VOW_MPIEXEC "${MPIEXEC_EXECUTABLE}")
execute_process(COMMAND "${MPIEXEC_EXECUTABLE}" --version
                OUTPUT_VARIABLE _vow_mpiexec_version ERROR_QUIET)
if(_vow_mpiexec_version MATCHES "Open MPI|OpenRTE")
  math(EXPR _vow_mpi_timeout "${VOW_MPI_TEST_TIMEOUT} - 20")
  list(APPEND VOW_MPIEXEC --allow-run-as-root --oversubscribe
       --mca btl self,vader --mca oob_tcp_if_include lo
       --timeout ${_vow_mpi_timeout}
       # the sanitizers' settings reach every rank
       -x ASAN_OPTIONS -x LSAN_OPTIONS -x UBSAN_OPTIONS -x TSAN_OPTIONS)
endif()

# The sanitizer environment of the other tests, with Open MPI's own leaks
# suppressed (tests/mpi/lsan.supp names only Open MPI's libraries), and
# one lock-order report inside Open MPI (tests/mpi/tsan.supp: deadlock
# reports only, never races).  Whole stacks are unwound at each
# allocation: Open MPI has no frame pointers, so the fast unwinder stops
# inside it before the frame a suppression names.
set(VOW_MPI_TEST_ENVIRONMENT "")
foreach(_e IN LISTS VOW_TEST_ENVIRONMENT)
  if(_e MATCHES "^ASAN_OPTIONS=")
    list(APPEND VOW_MPI_TEST_ENVIRONMENT "${_e}:fast_unwind_on_malloc=0")
  elseif(_e MATCHES "^TSAN_OPTIONS=")
    # The last suppressions= counts: this file replaces a tests/tsan.supp.
    list(APPEND VOW_MPI_TEST_ENVIRONMENT
         "${_e}:suppressions=${PROJECT_SOURCE_DIR}/tests/mpi/tsan.supp")
  elseif(NOT _e MATCHES "^LSAN_OPTIONS=")
    list(APPEND VOW_MPI_TEST_ENVIRONMENT "${_e}")
  endif()
endforeach()
list(APPEND VOW_MPI_TEST_ENVIRONMENT
     "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/mpi/lsan.supp:print_suppressions=0")

# In sanitizer builds, MPI programs link libpmix themselves, so that it is
# still mapped when LeakSanitizer reports at exit: Open MPI's pmix plugin,
# which loads it, is dlclosed by MPI_Finalize, and frames of an unmapped
# library have no name to suppress (tests/mpi/lsan.supp).
set(VOW_MPI_KEEP_MAPPED "")
if(VOW_SANITIZE_FLAGS)
  find_library(VOW_PMIX_LIBRARY NAMES pmix)
  mark_as_advanced(VOW_PMIX_LIBRARY)
  if(VOW_PMIX_LIBRARY)
    set(VOW_MPI_KEEP_MAPPED "-Wl,--push-state,--no-as-needed" "${VOW_PMIX_LIBRARY}"
                            "-Wl,--pop-state")
  endif()
endif()

# vow_mpi_program(<target>) - an MPI program of the tests or examples: links
# vow-mpi (shared, as a user would), and libpmix in sanitizer builds (above).
function(vow_mpi_program target)
  target_link_libraries(${target} PRIVATE vow_mpi vow Threads::Threads ${VOW_MPI_KEEP_MAPPED})
endfunction()

function(vow_add_mpi_test name np program)
  add_test(NAME ${name}
    COMMAND ${VOW_MPIEXEC} ${MPIEXEC_NUMPROC_FLAG} ${np} ${program} ${ARGN})
  set_tests_properties(${name} PROPERTIES
    LABELS mpi
    ENVIRONMENT "${VOW_MPI_TEST_ENVIRONMENT}"
    TIMEOUT ${VOW_MPI_TEST_TIMEOUT}
    PROCESSORS 2)
endfunction()

function(vow_add_mpi_example name src)
  set(target example_${name})
  add_executable(${target} ${src})
  vow_mpi_program(${target})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name}
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/examples")
  if(NOT VOW_MPI_RUN_TESTS)
    return()
  endif()
  foreach(np IN LISTS ARGN)
    set(test example.${name}.np${np})
    add_test(NAME ${test}
      COMMAND ${CMAKE_COMMAND}
        "-DCOMMAND=${VOW_MPIEXEC};${MPIEXEC_NUMPROC_FLAG};${np};$<TARGET_FILE:${target}>"
        -DRANKS=${np}
        -DOUTPUT=${PROJECT_BINARY_DIR}/examples/${name}.np${np}.txt
        -P ${PROJECT_SOURCE_DIR}/cmake/${name}_check.cmake)
    set_tests_properties(${test} PROPERTIES
      LABELS "example;mpi"
      ENVIRONMENT "${VOW_MPI_TEST_ENVIRONMENT}"
      TIMEOUT ${VOW_MPI_TEST_TIMEOUT}
      PROCESSORS 2)
  endforeach()
endfunction()
