# run_install_test.cmake - ctest "install_consumer".
#
#   cmake -DBUILD_DIR=<vow build> -DSOURCE_DIR=<this dir> -DWORK_DIR=<scratch>
#         -DEXPECTED_VERSION=0.2.0 [-DC_COMPILER=cc] [-DSANITIZE_FLAGS="..."]
#         -P run_install_test.cmake
#
# 1. cmake --install <build> --prefix <scratch>/prefix
# 2. builds consumer.c with find_package(vow CONFIG) against vow::vow and
#    vow::vow_static, and with `cc consumer.c $(pkg-config --cflags --libs vow)`
#    (shared) and `pkg-config --static` + libvow.a (static);
# 3. runs all four and checks each prints exactly the version.
cmake_minimum_required(VERSION 3.25)

foreach(var BUILD_DIR SOURCE_DIR WORK_DIR EXPECTED_VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_install_test: -D${var}=... is required")
  endif()
endforeach()
if(NOT C_COMPILER)
  set(C_COMPILER cc)
endif()
separate_arguments(san_flags UNIX_COMMAND "${SANITIZE_FLAGS}")

set(prefix "${WORK_DIR}/prefix")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(run_checked what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "install_consumer: ${what} failed (${rc})\n"
                        "command: ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

# Run a consumer binary and check it prints exactly the version.
function(check_consumer what exe)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env "LD_LIBRARY_PATH=${libdir}:$ENV{LD_LIBRARY_PATH}" "${exe}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "install_consumer: ${what}: ${exe} exited ${rc}\n${out}\n${err}")
  endif()
  if(NOT out STREQUAL "${EXPECTED_VERSION}\n")
    message(FATAL_ERROR "install_consumer: ${what}: printed '${out}', expected '${EXPECTED_VERSION}'")
  endif()
  message(STATUS "install_consumer: ${what}: OK (${EXPECTED_VERSION})")
endfunction()

# ---- 1. install --------------------------------------------------------------
run_checked("cmake --install" ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
file(GLOB_RECURSE pcfile "${prefix}/*/vow.pc")
file(GLOB_RECURSE configfile "${prefix}/*/vowConfig.cmake")
if(NOT pcfile OR NOT configfile OR NOT EXISTS "${prefix}/include/vow/version.h")
  message(FATAL_ERROR "install_consumer: install tree incomplete (vow.pc: '${pcfile}', "
                      "vowConfig.cmake: '${configfile}', include/vow/version.h)")
endif()
get_filename_component(pcdir "${pcfile}" DIRECTORY)
get_filename_component(libdir "${pcdir}" DIRECTORY)
if(NOT EXISTS "${libdir}/libvow.a" OR NOT EXISTS "${libdir}/libvow.so")
  message(FATAL_ERROR "install_consumer: ${libdir} lacks libvow.a or libvow.so")
endif()

# The soname policy (README, "Install and use"): 0.<minor>.<patch> ships
# libvow.so.0.<minor>, <major>.<minor>.<patch> from 1.0 on libvow.so.<major>.
string(REPLACE "." ";" version_parts "${EXPECTED_VERSION}")
list(GET version_parts 0 v_major)
list(GET version_parts 1 v_minor)
if(v_major EQUAL 0)
  set(expected_soname "libvow.so.0.${v_minor}")
else()
  set(expected_soname "libvow.so.${v_major}")
endif()
foreach(f "libvow.so.${EXPECTED_VERSION}" "${expected_soname}")
  if(NOT EXISTS "${libdir}/${f}")
    message(FATAL_ERROR "install_consumer: ${libdir}/${f} is not installed")
  endif()
endforeach()
find_program(READELF NAMES readelf)
if(READELF)
  execute_process(COMMAND "${READELF}" -d "${libdir}/libvow.so.${EXPECTED_VERSION}"
                  OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
  string(REGEX MATCH "Library soname: \\[([^]]*)\\]" _ "${dynamic}")
  if(NOT rc STREQUAL "0" OR NOT CMAKE_MATCH_1 STREQUAL expected_soname)
    message(FATAL_ERROR "install_consumer: soname of libvow.so.${EXPECTED_VERSION} is "
                        "'${CMAKE_MATCH_1}', expected '${expected_soname}'")
  endif()
  message(STATUS "install_consumer: soname ${expected_soname}: OK")
else()
  message(STATUS "install_consumer: no readelf: soname not read (files present)")
endif()

# ---- 2a. find_package(vow CONFIG) ----------------------------------------------
list(JOIN san_flags " " san_string)
run_checked("configure consumer project"
  ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/cmake-build"
    "-DCMAKE_C_COMPILER=${C_COMPILER}"
    "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_C_FLAGS=${san_string}"
    "-DCMAKE_EXE_LINKER_FLAGS=${san_string}")
file(STRINGS "${WORK_DIR}/cmake-build/CMakeCache.txt" vow_dir_line REGEX "^vow_DIR:")
string(REGEX REPLACE "^vow_DIR:[A-Z]+=" "" vow_dir "${vow_dir_line}")
file(REAL_PATH "${prefix}" real_prefix)
file(REAL_PATH "${vow_dir}" real_vow_dir)
string(FIND "${real_vow_dir}" "${real_prefix}/" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "install_consumer: find_package found vow in '${vow_dir}', not under ${prefix}")
endif()
run_checked("build consumer project" ${CMAKE_COMMAND} --build "${WORK_DIR}/cmake-build")
check_consumer("find_package vow::vow" "${WORK_DIR}/cmake-build/consumer_shared")
check_consumer("find_package vow::vow_static" "${WORK_DIR}/cmake-build/consumer_static")

# ---- 2b. pkg-config ---------------------------------------------------------------
find_program(PKG_CONFIG NAMES pkg-config pkgconf)
if(NOT PKG_CONFIG)
  message(FATAL_ERROR "install_consumer: pkg-config missing: install the Debian package pkg-config (apt-get install pkg-config)")
endif()
set(ENV{PKG_CONFIG_PATH} "${pcdir}")
execute_process(COMMAND "${PKG_CONFIG}" --cflags --libs vow
                RESULT_VARIABLE rc OUTPUT_VARIABLE pc_shared ERROR_VARIABLE err
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "install_consumer: pkg-config --cflags --libs vow failed: ${err}")
endif()
execute_process(COMMAND "${PKG_CONFIG}" --static --cflags --libs vow
                RESULT_VARIABLE rc OUTPUT_VARIABLE pc_static ERROR_VARIABLE err
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "install_consumer: pkg-config --static --cflags --libs vow failed: ${err}")
endif()
message(STATUS "install_consumer: pkg-config --cflags --libs vow: ${pc_shared}")
message(STATUS "install_consumer: pkg-config --static --cflags --libs vow: ${pc_static}")

separate_arguments(pc_shared_list UNIX_COMMAND "${pc_shared}")
run_checked("cc consumer.c $(pkg-config --cflags --libs vow)"
  "${C_COMPILER}" ${san_flags} "${SOURCE_DIR}/consumer.c" ${pc_shared_list}
  -o "${WORK_DIR}/consumer_pc_shared")
check_consumer("pkg-config shared" "${WORK_DIR}/consumer_pc_shared")

# Static: same flags from --static, with -lvow forced to libvow.a.
separate_arguments(pc_static_list UNIX_COMMAND "${pc_static}")
list(TRANSFORM pc_static_list REPLACE "^-lvow$" "-Wl,-Bstatic;-lvow;-Wl,-Bdynamic")
run_checked("cc consumer.c $(pkg-config --static --cflags --libs vow) [libvow.a]"
  "${C_COMPILER}" ${san_flags} "${SOURCE_DIR}/consumer.c" ${pc_static_list}
  -o "${WORK_DIR}/consumer_pc_static")
check_consumer("pkg-config static" "${WORK_DIR}/consumer_pc_static")
