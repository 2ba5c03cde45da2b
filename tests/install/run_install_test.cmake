# run_install_test.cmake - ctest "install_consumer".
#
#   cmake -DBUILD_DIR=<vow build> -DSOURCE_DIR=<this dir> -DWORK_DIR=<scratch>
#         -DEXPECTED_VERSION=0.2.0 [-DC_COMPILER=cc] [-DSANITIZE_FLAGS="..."]
#         [-DWITH_MPI=ON] -P run_install_test.cmake
#
# With WITH_MPI (vow-mpi was built) the same is done for vow-mpi: its files
# are installed, find_package(vow COMPONENTS mpi) gives vow::vow_mpi and
# vow::vow_mpi_static, pkg-config vow-mpi works, and consumer_mpi.c built
# each way runs.
#
# 1. cmake --install <build> --prefix <scratch>/prefix; checks the soname;
# 2. builds consumer.c with find_package(vow CONFIG) against vow::vow and
#    vow::vow_static twice: as usual, and with urcu and ck out of CMake's
#    sight (CMAKE_IGNORE_PATH over the system's include, library and
#    pkg-config directories, PKG_CONFIG_LIBDIR empty).  Both must configure,
#    and vow::vow's compile and link lines must hold vow's flags only;
# 3. builds it with `cc consumer.c $(pkg-config --cflags --libs vow)`
#    (shared) and `pkg-config --static` + libvow.a (static), with only vow's
#    .pc file visible (PKG_CONFIG_LIBDIR), and checks that the shared flags
#    are exactly -I<include dir> -L<lib dir> -lvow;
# 4. runs every consumer and checks each prints exactly the version.
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
set(mpi_files "${libdir}/libvow-mpi.a" "${libdir}/libvow-mpi.so" "${pcdir}/vow-mpi.pc"
              "${prefix}/include/vow/mpi.h")
get_filename_component(configdir "${configfile}" DIRECTORY)
list(APPEND mpi_files "${configdir}/vowMpiTargets.cmake")
foreach(f IN LISTS mpi_files)
  if(WITH_MPI AND NOT EXISTS "${f}")
    message(FATAL_ERROR "install_consumer: vow-mpi was built but ${f} is not installed")
  elseif(NOT WITH_MPI AND EXISTS "${f}")
    message(FATAL_ERROR "install_consumer: vow-mpi was not built but ${f} is installed")
  endif()
endforeach()

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
set(sofiles "libvow.so.${EXPECTED_VERSION}" "${expected_soname}")
if(WITH_MPI)
  string(REPLACE "libvow.so" "libvow-mpi.so" expected_mpi_soname "${expected_soname}")
  list(APPEND sofiles "libvow-mpi.so.${EXPECTED_VERSION}" "${expected_mpi_soname}")
endif()
foreach(f IN LISTS sofiles)
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

# ---- 2. find_package(vow CONFIG) ------------------------------------------------
list(JOIN san_flags " " san_string)

# configure_consumer(<what> <build dir> [ENV <var=value>...] [ARGS <cmake argument>...])
function(configure_consumer what dir)
  cmake_parse_arguments(C "" "" "ENV;ARGS" ${ARGN})
  run_checked("configure consumer project (${what})"
    ${CMAKE_COMMAND} -E env ${C_ENV}
    ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${dir}"
      "-DCMAKE_C_COMPILER=${C_COMPILER}"
      "-DCMAKE_PREFIX_PATH=${prefix}"
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
      -DCMAKE_BUILD_TYPE=Release
      "-DCMAKE_C_FLAGS=${san_string}"
      "-DCMAKE_EXE_LINKER_FLAGS=${san_string}"
      "-DWITH_MPI=${with_mpi}"
      ${C_ARGS})
  file(STRINGS "${dir}/CMakeCache.txt" vow_dir_line REGEX "^vow_DIR:")
  string(REGEX REPLACE "^vow_DIR:[A-Z]+=" "" vow_dir "${vow_dir_line}")
  file(REAL_PATH "${prefix}" real_prefix)
  file(REAL_PATH "${vow_dir}" real_vow_dir)
  string(FIND "${real_vow_dir}" "${real_prefix}/" at)
  if(NOT at EQUAL 0)
    message(FATAL_ERROR "install_consumer: find_package found vow in '${vow_dir}', not under ${prefix}")
  endif()
endfunction()

# The shared consumer's compile and link lines: vow's include directory and
# library, and nothing of urcu, ck or pthreads.
function(check_shared_flags what dir)
  set(files "${dir}/CMakeFiles/consumer_shared.dir/flags.make"
            "${dir}/CMakeFiles/consumer_shared.dir/link.txt")
  foreach(f IN LISTS files)
    if(NOT EXISTS "${f}")
      message(FATAL_ERROR "install_consumer: ${what}: ${f} missing (not a Makefile generator?)")
    endif()
    file(READ "${f}" text)
    string(REGEX MATCH "[^ \n]*(urcu|libck|-lck|pthread|__x86_64__)[^ \n]*" leak "${text}")
    if(leak)
      message(FATAL_ERROR "install_consumer: ${what}: vow::vow brings '${leak}' (in ${f}):\n${text}")
    endif()
  endforeach()
  message(STATUS "install_consumer: ${what}: vow::vow's flags are vow's own")
endfunction()

# 2a. As usual (and vow::vow_mpi required when vow-mpi was built).
if(WITH_MPI)
  set(with_mpi ON)
else()
  set(with_mpi OFF)
endif()
configure_consumer("as usual" "${WORK_DIR}/cmake-build")
run_checked("build consumer project" ${CMAKE_COMMAND} --build "${WORK_DIR}/cmake-build")
check_shared_flags("find_package" "${WORK_DIR}/cmake-build")
check_consumer("find_package vow::vow" "${WORK_DIR}/cmake-build/consumer_shared")
check_consumer("find_package vow::vow_static" "${WORK_DIR}/cmake-build/consumer_static")
if(WITH_MPI)
  check_consumer("find_package vow::vow_mpi" "${WORK_DIR}/cmake-build/consumer_mpi_shared")
  check_consumer("find_package vow::vow_mpi_static" "${WORK_DIR}/cmake-build/consumer_mpi_static")
endif()
set(with_mpi OFF)   # below, MPI may be hidden with urcu and ck: not required

# 2b. With urcu and ck out of CMake's sight.  The compiler still sees
# /usr/include, but no find_* command, FindPkgConfig or .pc file can
# reach them: a package that asked for them would fail to configure.
execute_process(COMMAND "${C_COMPILER}" -print-multiarch
                OUTPUT_VARIABLE multiarch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(hidden /usr/include /usr/local/include /usr/lib /usr/lib64 /usr/local/lib
           /usr/lib/pkgconfig /usr/share/pkgconfig /usr/local/lib/pkgconfig
           /usr/local/share/pkgconfig)
if(multiarch)
  list(APPEND hidden /usr/include/${multiarch} /usr/lib/${multiarch}
                     /usr/lib/${multiarch}/pkgconfig /lib/${multiarch})
endif()
file(MAKE_DIRECTORY "${WORK_DIR}/no-pkgconfig")
# (An initial cache file: a list would not survive the command line.)
file(WRITE "${WORK_DIR}/hide-urcu-ck.cmake"
     "set(CMAKE_IGNORE_PATH \"${hidden}\" CACHE STRING \"\")\n")
set(hidden_build "${WORK_DIR}/cmake-build-hidden")
configure_consumer("urcu and ck hidden" "${hidden_build}"
  ENV "PKG_CONFIG_LIBDIR=${WORK_DIR}/no-pkgconfig" --unset=PKG_CONFIG_PATH
  ARGS -C "${WORK_DIR}/hide-urcu-ck.cmake")
# The hiding must have worked: CMake looked for the libraries a static link
# needs and found none (vowDependencies.cmake's VOW_LINK_<lib>_LIBRARY).
file(STRINGS "${hidden_build}/CMakeCache.txt" link_vars REGEX "^VOW_LINK_[A-Za-z0-9_]*_LIBRARY:")
list(LENGTH link_vars n_link_vars)   # (not if(NOT link_vars): it ends in -NOTFOUND)
if(n_link_vars EQUAL 0)
  message(FATAL_ERROR "install_consumer: the consumer's cache has no VOW_LINK_*_LIBRARY entry")
endif()
foreach(line IN LISTS link_vars)
  if(NOT line MATCHES "-NOTFOUND$")
    message(FATAL_ERROR "install_consumer: urcu/ck were not hidden from CMake: ${line}")
  endif()
endforeach()
run_checked("build consumer project (urcu and ck hidden)" ${CMAKE_COMMAND} --build "${hidden_build}")
check_shared_flags("find_package, urcu and ck hidden" "${hidden_build}")
check_consumer("find_package vow::vow, urcu and ck hidden" "${hidden_build}/consumer_shared")
# vow::vow_static passes the libraries CMake could not find to the linker
# by name, and the linker still finds them.
check_consumer("find_package vow::vow_static, urcu and ck hidden" "${hidden_build}/consumer_static")

# ---- 3. pkg-config -----------------------------------------------------------------
find_program(PKG_CONFIG NAMES pkg-config pkgconf)
if(NOT PKG_CONFIG)
  message(FATAL_ERROR "install_consumer: pkg-config missing: install the Debian package pkg-config (apt-get install pkg-config)")
endif()
# Only vow's .pc file is visible: vow.pc must not require urcu's or ck's.
set(ENV{PKG_CONFIG_LIBDIR} "${pcdir}")
unset(ENV{PKG_CONFIG_PATH})
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
if(NOT pc_shared MATCHES "^-I[^ ]+/include -L[^ ]+ -lvow$")
  message(FATAL_ERROR "install_consumer: pkg-config --cflags --libs vow gives '${pc_shared}', "
                      "expected vow's own -I<include dir> -L<lib dir> -lvow and nothing else")
endif()

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

# vow-mpi: pkg-config vow-mpi needs the .pc file of the MPI it was built
# with too, so the system's pkg-config directories are visible again.
if(WITH_MPI)
  unset(ENV{PKG_CONFIG_LIBDIR})
  execute_process(COMMAND "${PKG_CONFIG}" --variable pc_path pkg-config
                  OUTPUT_VARIABLE sys_pc_path OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(ENV{PKG_CONFIG_LIBDIR} "${pcdir}:${sys_pc_path}")
  execute_process(COMMAND "${PKG_CONFIG}" --cflags --libs vow-mpi
                  RESULT_VARIABLE rc OUTPUT_VARIABLE pc_mpi ERROR_VARIABLE err
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "install_consumer: pkg-config --cflags --libs vow-mpi failed: ${err}")
  endif()
  message(STATUS "install_consumer: pkg-config --cflags --libs vow-mpi: ${pc_mpi}")
  if(NOT pc_mpi MATCHES "-lvow-mpi" OR NOT pc_mpi MATCHES "-lvow( |$)" OR NOT pc_mpi MATCHES "-lmpi")
    message(FATAL_ERROR "install_consumer: pkg-config vow-mpi gives '${pc_mpi}': expected -lvow-mpi, -lvow and MPI's library")
  endif()
  separate_arguments(pc_mpi_list UNIX_COMMAND "${pc_mpi}")
  run_checked("cc consumer_mpi.c $(pkg-config --cflags --libs vow-mpi)"
    "${C_COMPILER}" ${san_flags} "${SOURCE_DIR}/consumer_mpi.c" ${pc_mpi_list}
    -o "${WORK_DIR}/consumer_mpi_pc")
  check_consumer("pkg-config vow-mpi" "${WORK_DIR}/consumer_mpi_pc")
endif()
