# vowDependencies.cmake - locate vow's third-party dependencies.
#
# Used twice:
#   * by the top-level CMakeLists.txt while building vow, and
#   * by the installed vowConfig.cmake, so that a consumer linking the static
#     library (vow::vow_static) gets vow's private dependencies too.
#
# Each dependency becomes an INTERFACE IMPORTED target:
#   vow::dep_urcu   liburcu (default flavour) + liburcu-cds   Debian: liburcu-dev
#   vow::dep_ck     Concurrency Kit                            Debian: libck-dev
#   vow::dep_boost_context  boost.context's fcontext (C linkage, the fiber
#                   switch; library only, vow declares the three functions)
#                                                              Debian: libboost-context-dev
#   vow::dep_cmocka cmocka (only when asked for, for the tests) Debian: libcmocka-dev
#
# pkg-config is tried first; without it (or without the .pc file) the headers
# and libraries are searched for with find_path/find_library.
#
# vow_find_dependency(NAME <n> [PC_MODULES <m>...] [HEADER <h>] LIBRARIES <l>...
#                     DEBIAN_PACKAGE <pkg> MISSING_VAR <var>)
# Without PC_MODULES only find_library is tried; without HEADER no header is
# looked for (a library used through declarations of vow's own).
# defines vow::dep_<n>; when it cannot, sets <var> (in the caller) to a
# message naming the Debian package to install, and leaves <var> empty on
# success.

include_guard(DIRECTORY)

if(NOT DEFINED PKG_CONFIG_FOUND)
  find_package(PkgConfig QUIET)
endif()

function(vow_find_dependency)
  cmake_parse_arguments(D "" "NAME;HEADER;DEBIAN_PACKAGE;MISSING_VAR"
                        "PC_MODULES;LIBRARIES" ${ARGN})
  set(tgt "vow::dep_${D_NAME}")
  set(${D_MISSING_VAR} "" PARENT_SCOPE)
  if(TARGET ${tgt})
    return()
  endif()
  string(TOUPPER "VOW_DEP_${D_NAME}" id)

  # 1. pkg-config
  if(PKG_CONFIG_FOUND AND D_PC_MODULES)
    pkg_check_modules(${id} QUIET IMPORTED_TARGET ${D_PC_MODULES})
    if(${id}_FOUND)
      add_library(${tgt} INTERFACE IMPORTED)
      target_link_libraries(${tgt} INTERFACE PkgConfig::${id})
      return()
    endif()
  endif()

  # 2. plain header + library search
  set(libs "")
  set(ok TRUE)
  if(D_HEADER)
    find_path(${id}_INCLUDE_DIR NAMES ${D_HEADER})
    if(NOT ${id}_INCLUDE_DIR)
      set(ok FALSE)
    endif()
  endif()
  foreach(lib IN LISTS D_LIBRARIES)
    string(MAKE_C_IDENTIFIER "${lib}" lib_id)
    find_library(${id}_${lib_id}_LIBRARY NAMES ${lib})
    if(${id}_${lib_id}_LIBRARY)
      list(APPEND libs "${${id}_${lib_id}_LIBRARY}")
    else()
      set(ok FALSE)
    endif()
  endforeach()
  if(ok)
    add_library(${tgt} INTERFACE IMPORTED)
    set_target_properties(${tgt} PROPERTIES INTERFACE_LINK_LIBRARIES "${libs}")
    if(D_HEADER)
      set_target_properties(${tgt} PROPERTIES
        INTERFACE_INCLUDE_DIRECTORIES "${${id}_INCLUDE_DIR}")
    endif()
    return()
  endif()

  if(D_PC_MODULES)
    list(JOIN D_PC_MODULES "/" what)
  else()
    list(TRANSFORM D_LIBRARIES PREPEND "lib" OUTPUT_VARIABLE what)
    list(JOIN what "/" what)
  endif()
  if(D_HEADER)
    string(APPEND what " (${D_HEADER})")
  endif()
  set(${D_MISSING_VAR}
      "vow: dependency ${what} missing: install the Debian package ${D_DEBIAN_PACKAGE} (apt-get install ${D_DEBIAN_PACKAGE})"
      PARENT_SCOPE)
endfunction()

# The dependencies every vow build (and every static consumer) needs.
# Appends messages for missing ones to VOW_DEPS_MISSING.
macro(vow_find_library_dependencies)
  set(VOW_DEPS_MISSING "")
  set(THREADS_PREFER_PTHREAD_FLAG ON)
  find_package(Threads)
  if(NOT Threads_FOUND)
    list(APPEND VOW_DEPS_MISSING
         "vow: POSIX threads missing: install the Debian package libc6-dev (apt-get install libc6-dev)")
  endif()
  vow_find_dependency(NAME urcu PC_MODULES liburcu liburcu-cds
                      HEADER urcu.h LIBRARIES urcu-cds urcu urcu-common
                      DEBIAN_PACKAGE liburcu-dev MISSING_VAR _vow_missing)
  if(_vow_missing)
    list(APPEND VOW_DEPS_MISSING "${_vow_missing}")
  endif()
  vow_find_dependency(NAME ck PC_MODULES ck
                      HEADER ck_pr.h LIBRARIES ck
                      DEBIAN_PACKAGE libck-dev MISSING_VAR _vow_missing)
  if(_vow_missing)
    list(APPEND VOW_DEPS_MISSING "${_vow_missing}")
  endif()
  # No header: boost ships fcontext's declarations in a C++ header only,
  # so src/fiber.c declares the three C-linkage functions itself.
  vow_find_dependency(NAME boost_context LIBRARIES boost_context
                      DEBIAN_PACKAGE libboost-context-dev MISSING_VAR _vow_missing)
  if(_vow_missing)
    list(APPEND VOW_DEPS_MISSING "${_vow_missing}")
  endif()
  unset(_vow_missing)
endmacro()
