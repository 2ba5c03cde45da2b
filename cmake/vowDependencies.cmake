# vowDependencies.cmake - vow's private dependencies: the libraries libvow
# links but no public header includes.
#
# Used twice:
#   * by the top-level CMakeLists.txt while building vow
#     (vow_find_library_dependencies: headers and libraries, pkg-config
#     first), which also gives vow.pc its Libs.private; and
#   * by the installed vowConfig.cmake (vow_link_only_dependencies:
#     libraries only, never an error), because a program linking the static
#     library (vow::vow_static) must link them too.  A program linking the
#     shared library (vow::vow) needs none of them: not their headers, not
#     their libraries, not their .pc files.
#
# Each dependency becomes an INTERFACE IMPORTED target vow::dep_<name>.

include_guard(DIRECTORY)

# --------------------------------------------------------------------------
# THE list.  One line per dependency; adding one (say boost_context) is one
# more line, and the build, the static library's CMake package and
# `pkg-config --static vow` all pick it up.  Fields, separated by '|':
#   name | pkg-config modules | a header it installs | libraries, in link
#   order (a library before those it needs) | Debian package
# Empty pkg-config modules: found by header and library search alone.
# --------------------------------------------------------------------------
set(VOW_PRIVATE_DEPENDENCIES
  "urcu | liburcu liburcu-cds | urcu.h  | urcu-cds urcu urcu-common | liburcu-dev"
  "ck   | ck                  | ck_pr.h | ck                        | libck-dev"
  # boost.context's fcontext, the fiber switch: no .pc file, and no C header
  # (boost declares it in C++ only; src/fiber.c declares the three
  # C-linkage functions itself), so the library alone is looked for.
  "boost_context |            |         | boost_context             | libboost-context-dev")

# Besides those, libvow links the C library's threads and libm: the
# Threads::Threads target and -lm in CMake, -pthread -lm in vow.pc.
set(VOW_PC_SYSTEM_LIBS "-pthread -lm")

# _vow_dependency_fields(<line> <prefix>) - sets <prefix>_NAME, _PC (list),
# _HEADER, _LIBS (list) and _DEBIAN from one line of the list.
macro(_vow_dependency_fields line prefix)
  string(REPLACE "|" ";" _vow_fields "${line}")
  list(LENGTH _vow_fields _vow_n)
  if(NOT _vow_n EQUAL 5)
    message(FATAL_ERROR "vowDependencies: '${line}' does not have 5 fields")
  endif()
  set(_vow_keys NAME PC HEADER LIBS DEBIAN)
  foreach(_vow_i RANGE 4)
    list(GET _vow_keys ${_vow_i} _vow_k)
    list(GET _vow_fields ${_vow_i} _vow_v)
    separate_arguments(_vow_v UNIX_COMMAND "${_vow_v}")
    set(${prefix}_${_vow_k} "${_vow_v}")
  endforeach()
  unset(_vow_fields)
  unset(_vow_keys)
  unset(_vow_n)
  unset(_vow_i)
  unset(_vow_k)
  unset(_vow_v)
endmacro()

# vow_find_dependency(NAME <n> PC_MODULES <m>... HEADER <h> LIBRARIES <l>...
#                     DEBIAN_PACKAGE <pkg> MISSING_VAR <var>)
# defines vow::dep_<n> with the include directories and libraries found:
# pkg-config is tried first; without it (or the .pc file) the header and
# the libraries are searched for with find_path/find_library.  When it
# cannot, sets <var> (in the caller) to a message naming the Debian
# package to install, and leaves <var> empty on success.
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
  set(ok TRUE)
  set(incs "")
  if(D_HEADER)
    find_path(${id}_INCLUDE_DIR NAMES ${D_HEADER})
    if(${id}_INCLUDE_DIR)
      set(incs "${${id}_INCLUDE_DIR}")
    else()
      set(ok FALSE)
    endif()
  endif()
  set(libs "")
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
    set_target_properties(${tgt} PROPERTIES
      INTERFACE_INCLUDE_DIRECTORIES "${incs}"
      INTERFACE_LINK_LIBRARIES "${libs}")
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
      "vow: dependency ${D_NAME} (${pcs} ${D_HEADER}) missing: install the Debian package ${D_DEBIAN_PACKAGE} (apt-get install ${D_DEBIAN_PACKAGE})"
      PARENT_SCOPE)
endfunction()

# vow_find_library_dependencies() - at build time: finds Threads and every
# dependency of the list, with headers.  Sets
#   VOW_PRIVATE_LIBS     what libvow links: vow::dep_<name>..., Threads::Threads, m
#   VOW_PC_LIBS_PRIVATE  vow.pc's Libs.private: -l<library>... -pthread -lm
#   VOW_DEPS_MISSING     messages for what is missing (empty if nothing)
macro(vow_find_library_dependencies)
  if(NOT DEFINED PKG_CONFIG_FOUND)
    find_package(PkgConfig QUIET)
  endif()
  set(VOW_DEPS_MISSING "")
  set(VOW_PRIVATE_LIBS "")
  set(VOW_PC_LIBS_PRIVATE "")
  set(THREADS_PREFER_PTHREAD_FLAG ON)
  find_package(Threads)
  if(NOT Threads_FOUND)
    list(APPEND VOW_DEPS_MISSING
         "vow: POSIX threads missing: install the Debian package libc6-dev (apt-get install libc6-dev)")
  endif()
  foreach(_vow_line IN LISTS VOW_PRIVATE_DEPENDENCIES)
    _vow_dependency_fields("${_vow_line}" _vow_dep)
    vow_find_dependency(NAME ${_vow_dep_NAME} PC_MODULES ${_vow_dep_PC}
                        HEADER ${_vow_dep_HEADER} LIBRARIES ${_vow_dep_LIBS}
                        DEBIAN_PACKAGE ${_vow_dep_DEBIAN} MISSING_VAR _vow_missing)
    if(_vow_missing)
      list(APPEND VOW_DEPS_MISSING "${_vow_missing}")
    endif()
    list(APPEND VOW_PRIVATE_LIBS vow::dep_${_vow_dep_NAME})
    foreach(_vow_lib IN LISTS _vow_dep_LIBS)
      string(APPEND VOW_PC_LIBS_PRIVATE "-l${_vow_lib} ")
    endforeach()
  endforeach()
  list(APPEND VOW_PRIVATE_LIBS Threads::Threads m)   # m: libm (sqrt, fmax, ...)
  string(APPEND VOW_PC_LIBS_PRIVATE "${VOW_PC_SYSTEM_LIBS}")
  unset(_vow_line)
  unset(_vow_lib)
  unset(_vow_missing)
endmacro()

# vow_link_only_dependencies() - in the installed package: defines
# vow::dep_<name> for every dependency of the list with its libraries only
# (found with find_library when CMake can, else passed to the linker by
# name), and finds Threads.  Never fails: only vow::vow_static uses these,
# and a static link without the libraries fails at link time, naming them.
macro(vow_link_only_dependencies)
  if(NOT TARGET Threads::Threads)
    set(THREADS_PREFER_PTHREAD_FLAG ON)
    find_package(Threads QUIET)
  endif()
  foreach(_vow_line IN LISTS VOW_PRIVATE_DEPENDENCIES)
    _vow_dependency_fields("${_vow_line}" _vow_dep)
    if(NOT TARGET vow::dep_${_vow_dep_NAME})
      set(_vow_libs "")
      foreach(_vow_lib IN LISTS _vow_dep_LIBS)
        string(MAKE_C_IDENTIFIER "VOW_LINK_${_vow_lib}_LIBRARY" _vow_var)
        find_library(${_vow_var} NAMES ${_vow_lib})
        mark_as_advanced(${_vow_var})
        if(${_vow_var})
          list(APPEND _vow_libs "${${_vow_var}}")
        else()
          list(APPEND _vow_libs "${_vow_lib}")
        endif()
      endforeach()
      add_library(vow::dep_${_vow_dep_NAME} INTERFACE IMPORTED)
      set_target_properties(vow::dep_${_vow_dep_NAME} PROPERTIES
        INTERFACE_LINK_LIBRARIES "${_vow_libs}")
    endif()
  endforeach()
  unset(_vow_line)
  unset(_vow_lib)
  unset(_vow_libs)
  unset(_vow_var)
endmacro()
