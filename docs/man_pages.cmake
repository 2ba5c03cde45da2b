# man_pages.cmake - names Doxygen's man pages for installing next to other
# libraries' (docs/CMakeLists.txt runs it after Doxygen):
#
#   cmake -DMAN_DIR=<build>/docs/man/man3 -P man_pages.cmake
#
# Doxygen names a header's page after the file alone (promise.h.3) and,
# with MAN_LINKS, adds a link page for every struct member too (next.3,
# kind.3, wait.3): names that are not vow's and would clash in a shared
# man3 directory.  Here a header's page becomes vow_<header>.3
# (vow_promise.h.3, as POSIX's pages name <sys/socket.h> sys_socket.h), the
# links follow it, and every page whose name does not start with vow_ or
# VOW_ goes.
#
# An enum none of whose values has a comment (vow_state, enum vow_errno)
# gets no entry of its own, only its line in the header's synopsis, and
# Doxygen links its page to "noname".  Such a link is pointed at the header
# page whose synopsis declares the enum; any other link to a page that
# does not exist fails the build.
if(NOT IS_DIRECTORY "${MAN_DIR}")
  message(FATAL_ERROR "man_pages.cmake: no directory MAN_DIR='${MAN_DIR}'")
endif()

file(GLOB pages "${MAN_DIR}/*.3")
foreach(page IN LISTS pages)
  get_filename_component(name "${page}" NAME)
  file(STRINGS "${page}" first LIMIT_COUNT 1)
  if(first MATCHES "^\\.so man3/(.+)$")
    set(target "${CMAKE_MATCH_1}")
    if(NOT name MATCHES "^(vow|VOW)_")
      file(REMOVE "${page}")
    elseif(target MATCHES "\\.h\\.3$")
      file(WRITE "${page}" ".so man3/vow_${target}\n")
    endif()
  elseif(name MATCHES "\\.h\\.3$")
    file(RENAME "${page}" "${MAN_DIR}/vow_${name}")
  elseif(NOT name MATCHES "^(vow|VOW)_")
    message(FATAL_ERROR "man_pages.cmake: a page not named for vow: ${name}")
  endif()
endforeach()

file(GLOB pages "${MAN_DIR}/*.3")
file(GLOB header_pages "${MAN_DIR}/vow_*.h.3")
foreach(page IN LISTS pages)
  file(STRINGS "${page}" first LIMIT_COUNT 1)
  if(NOT first MATCHES "^\\.so man3/(.+)$")
    continue()
  endif()
  if(EXISTS "${MAN_DIR}/${CMAKE_MATCH_1}")
    continue()
  endif()
  get_filename_component(symbol "${page}" NAME_WLE)
  set(home "")
  foreach(header_page IN LISTS header_pages)
    file(STRINGS "${header_page}" declares REGEX "^\\.RI \"enum \\\\fB${symbol}\\\\fP")
    if(declares)
      get_filename_component(home "${header_page}" NAME)
    endif()
  endforeach()
  if(home STREQUAL "")
    message(FATAL_ERROR "man_pages.cmake: ${symbol}.3 links to a page that does not exist (${first})")
  endif()
  file(WRITE "${page}" ".so man3/${home}\n")
endforeach()
