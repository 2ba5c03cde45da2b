# golden_compare.cmake - run a program and compare its stdout, byte for byte,
# with an expected file.  Used by vow_add_golden_test(); runs as
#   cmake -DPROGRAM=<exe> -DEXPECTED=<file> [-DACTUAL=<file>] [-DARGS=<a;b>]
#         [-DWRAPPER=<cmd;args>] -P golden_compare.cmake
# Fails if the program exits non-zero or if its stdout differs (then a
# unified diff is printed: `diff -u` when available, else both texts).
cmake_minimum_required(VERSION 3.25)

foreach(var PROGRAM EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "golden_compare: -D${var}=... is required")
  endif()
endforeach()
if(NOT EXISTS "${EXPECTED}")
  message(FATAL_ERROR "golden_compare: expected output ${EXPECTED} does not exist")
endif()
if(NOT DEFINED ACTUAL)
  get_filename_component(_name "${EXPECTED}" NAME_WE)
  set(ACTUAL "${CMAKE_CURRENT_BINARY_DIR}/${_name}.actual.txt")
endif()
get_filename_component(_dir "${ACTUAL}" DIRECTORY)
file(MAKE_DIRECTORY "${_dir}")
file(REMOVE "${ACTUAL}")

execute_process(
  COMMAND ${WRAPPER} "${PROGRAM}" ${ARGS}
  OUTPUT_FILE "${ACTUAL}"
  ERROR_VARIABLE _stderr
  RESULT_VARIABLE _rc)

if(NOT _rc STREQUAL "0")
  message("---- stderr of ${PROGRAM} ----\n${_stderr}")
  message(FATAL_ERROR "golden: ${PROGRAM} exited with '${_rc}' (expected 0)")
endif()

execute_process(
  COMMAND "${CMAKE_COMMAND}" -E compare_files "${EXPECTED}" "${ACTUAL}"
  RESULT_VARIABLE _same
  OUTPUT_QUIET ERROR_QUIET)
if(_same STREQUAL "0")
  message(STATUS "golden: output matches ${EXPECTED}")
  return()
endif()

if(_stderr)
  message("---- stderr of ${PROGRAM} ----\n${_stderr}")
endif()
find_program(_diff NAMES diff)
if(_diff)
  message("---- diff -u expected actual ----")
  execute_process(COMMAND "${_diff}" -u "${EXPECTED}" "${ACTUAL}")
else()
  file(READ "${EXPECTED}" _exp)
  file(READ "${ACTUAL}" _act)
  message("---- expected (${EXPECTED}) ----\n${_exp}---- actual (${ACTUAL}) ----\n${_act}----")
endif()
message(FATAL_ERROR "golden: stdout of ${PROGRAM} differs from ${EXPECTED} "
                    "(actual output kept in ${ACTUAL}; copy it over the expected file if the change is intended)")
