# VowTests.cmake - helpers that build a test program and register it with ctest.
#
#   vow_add_unit_test(<name> <src>...)              label "unit"   (cmocka)
#   vow_add_unit_cases(<name> <src> CASES <case>...) label "unit"  (cmocka; one test per case,
#                                                   "unit.<name>.<case>" runs `<name> <case>`; exit 77 = skipped)
#   vow_add_golden_test(<name> <src>)               label "golden" (stdout == tests/golden/expected/<name>.txt)
#   vow_add_stress_test(<name> <src> [ARGS <arg>...]) label "stress" (TIMEOUT 60, output in <build>/stress/)
#   vow_add_example(<name> <src>)                   label "example" (output in <build>/examples/)
#
# Test programs link the static library (so they may call internal, non-API
# functions) and get the library's private include path (src/, executors/,
# executors/*/) plus tests/.  Examples link the shared library and see only
# the public headers, like a real user.

include_guard(GLOBAL)

set(VOW_TESTS_DIR "${PROJECT_SOURCE_DIR}/tests")

# Environment for every test run (sanitizer behaviour).  A TSan suppressions
# file is used when tests/tsan.supp exists at configure time.
set(VOW_TEST_ENVIRONMENT
    "ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1"
    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
set(_vow_tsan_options "halt_on_error=1:second_deadlock_stack=1:history_size=4")
if(EXISTS "${VOW_TESTS_DIR}/tsan.supp")
  string(APPEND _vow_tsan_options ":suppressions=${VOW_TESTS_DIR}/tsan.supp")
endif()
list(APPEND VOW_TEST_ENVIRONMENT "TSAN_OPTIONS=${_vow_tsan_options}")
if(EXISTS "${VOW_TESTS_DIR}/lsan.supp")
  list(APPEND VOW_TEST_ENVIRONMENT "LSAN_OPTIONS=suppressions=${VOW_TESTS_DIR}/lsan.supp")
endif()

# VOW_TEST_WRAPPER: a command (a ;-list) that unit, golden and example
# programs run under, e.g. valgrind (see `make valgrind`).  Stress tests and
# the install test never run under it: they are timed or not ours.
set(VOW_TEST_WRAPPER "" CACHE STRING "Command prefix for unit, golden and example test programs")

# Internal: settings shared by all test-like executables.
function(_vow_test_program target)
  target_link_libraries(${target} PRIVATE vow_static ${VOW_PRIVATE_LIBS})
  target_include_directories(${target} PRIVATE ${VOW_PRIVATE_INCLUDE_DIRS} "${VOW_TESTS_DIR}")
endfunction()

function(_vow_test_properties test label)
  set_tests_properties(${test} PROPERTIES
    LABELS "${label}"
    ENVIRONMENT "${VOW_TEST_ENVIRONMENT}")
endfunction()

function(vow_add_unit_test name)
  if(NOT ARGN)
    message(FATAL_ERROR "vow_add_unit_test(${name}): no sources")
  endif()
  add_executable(${name} ${ARGN})
  _vow_test_program(${name})
  target_link_libraries(${name} PRIVATE vow::dep_cmocka)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/tests/unit")
  add_test(NAME unit.${name} COMMAND ${VOW_TEST_WRAPPER} $<TARGET_FILE:${name}>)
  _vow_test_properties(unit.${name} unit)
  set_tests_properties(unit.${name} PROPERTIES TIMEOUT 120)
endfunction()

# A program that runs one case per invocation, each registered as a test of
# its own, so that a case a build cannot check is reported as skipped (the
# program exits 77) while the others still pass or fail.
function(vow_add_unit_cases name src)
  cmake_parse_arguments(U "" "" "CASES" ${ARGN})
  if(NOT U_CASES)
    message(FATAL_ERROR "vow_add_unit_cases(${name}): no CASES")
  endif()
  add_executable(${name} ${src})
  _vow_test_program(${name})
  target_link_libraries(${name} PRIVATE vow::dep_cmocka)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/tests/unit")
  foreach(_case IN LISTS U_CASES)
    add_test(NAME unit.${name}.${_case} COMMAND ${VOW_TEST_WRAPPER} $<TARGET_FILE:${name}> ${_case})
    _vow_test_properties(unit.${name}.${_case} unit)
    set_tests_properties(unit.${name}.${_case} PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
  endforeach()
endfunction()

function(vow_add_golden_test name src)
  set(expected "${VOW_TESTS_DIR}/golden/expected/${name}.txt")
  set(target golden_${name})
  add_executable(${target} ${src})
  _vow_test_program(${target})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name}
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/tests/golden")
  add_test(NAME golden.${name}
    COMMAND ${CMAKE_COMMAND}
      "-DWRAPPER=${VOW_TEST_WRAPPER}"
      -DPROGRAM=$<TARGET_FILE:${target}>
      -DEXPECTED=${expected}
      -DACTUAL=${PROJECT_BINARY_DIR}/tests/golden/${name}.actual.txt
      -P ${PROJECT_SOURCE_DIR}/cmake/golden_compare.cmake)
  _vow_test_properties(golden.${name} golden)
  set_tests_properties(golden.${name} PROPERTIES TIMEOUT 60)
endfunction()

function(vow_add_stress_test name src)
  cmake_parse_arguments(S "" "" "ARGS" ${ARGN})
  set(target stress_${name})
  add_executable(${target} ${src} ${S_UNPARSED_ARGUMENTS})
  _vow_test_program(${target})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name}
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/stress")
  add_test(NAME stress.${name} COMMAND ${target} ${S_ARGS})
  _vow_test_properties(stress.${name} stress)
  # PROCESSORS 2: a stress test gets the (2-core) machine to itself under ctest -j2.
  set_tests_properties(stress.${name} PROPERTIES TIMEOUT 60 PROCESSORS 2)
endfunction()

function(vow_add_example name src)
  set(target example_${name})
  add_executable(${target} ${src})
  target_link_libraries(${target} PRIVATE vow)
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name}
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/examples")
  # An example with examples/expected/<name>.txt must print exactly that.
  set(expected "${PROJECT_SOURCE_DIR}/examples/expected/${name}.txt")
  if(EXISTS "${expected}")
    add_test(NAME example.${name}
      COMMAND ${CMAKE_COMMAND}
        "-DWRAPPER=${VOW_TEST_WRAPPER}"
        -DPROGRAM=$<TARGET_FILE:${target}>
        -DEXPECTED=${expected}
        -DACTUAL=${PROJECT_BINARY_DIR}/examples/${name}.actual.txt
        -P ${PROJECT_SOURCE_DIR}/cmake/golden_compare.cmake)
  else()
    add_test(NAME example.${name} COMMAND ${VOW_TEST_WRAPPER} $<TARGET_FILE:${target}>)
  endif()
  _vow_test_properties(example.${name} example)
  # The demo runs 242,785 async calls; under TSan each fiber switch is a
  # clock copy (~25 s on 2 cores), under valgrind every instruction is slow.
  if(VOW_SANITIZE OR VOW_TEST_WRAPPER)
    set_tests_properties(example.${name} PROPERTIES TIMEOUT 180)
  else()
    set_tests_properties(example.${name} PROPERTIES TIMEOUT 60)
  endif()
endfunction()
