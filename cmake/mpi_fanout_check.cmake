# mpi_fanout_check.cmake - ctest "example.mpi_fanout.np<ranks>": runs the
# example under mpirun and checks what it prints (examples/mpi_fanout.c).
#
#   cmake -DCOMMAND="<mpirun ...;-n;<ranks>;<program>" -DRANKS=<ranks>
#         -DOUTPUT=<file> -P mpi_fanout_check.cmake
#
# With the defaults (24 blocks of 200000 items, blocks 5 and 17 corrupt):
#   - every block is reported once as it completes ([k/24], k = 1..24), the
#     two corrupt ones as FAILED with the worker's error, none lost;
#   - the summary counts 22 done and 2 failed (blocks 5, 17);
#   - the checksum of the good blocks is the same at every rank count;
#   - 1 rank: rank 0 computes all 24 blocks itself;
#   - 2 ranks: rank 1 computes all 24;
#   - 3 ranks or more: the slow last rank got fewer blocks than every other
#     worker (the balancing is on demand).
cmake_minimum_required(VERSION 3.25)

set(expected_checksum "22c1d86b36d85d5d")

execute_process(COMMAND ${COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(WRITE "${OUTPUT}" "${out}")
message("${out}")
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "mpi_fanout (${RANKS} ranks) exited ${rc}\n${err}")
endif()

function(expect regex what)
  if(NOT out MATCHES "${regex}")
    message(FATAL_ERROR "mpi_fanout (${RANKS} ranks): ${what}: no match for '${regex}'")
  endif()
endfunction()

if(RANKS EQUAL 1)
  expect("mpi_fanout: 1 rank: computing all 24 blocks on rank 0's own pool" "local mode")
else()
  expect("mpi_fanout: ${RANKS} ranks: rank 0 hands 24 blocks to" "distributed mode")
endif()

# Progress: each k in 1..24 exactly once, in order.
string(REGEX MATCHALL "\\[ ?[0-9]+/24\\]" progress "${out}")
list(LENGTH progress n)
if(NOT n EQUAL 24)
  message(FATAL_ERROR "mpi_fanout (${RANKS} ranks): ${n} progress lines, expected 24")
endif()
set(k 0)
foreach(p IN LISTS progress)
  math(EXPR k "${k} + 1")
  string(REGEX REPLACE "\\[ ?([0-9]+)/24\\]" "\\1" got "${p}")
  if(NOT got EQUAL k)
    message(FATAL_ERROR "mpi_fanout (${RANKS} ranks): progress line ${k} says ${got}")
  endif()
endforeach()

foreach(b 5 17)
  expect("FAILED: block ${b} on rank [0-9]+: corrupt input at item 100000" "block ${b} fails")
endforeach()
expect("summary: 22 of 24 blocks done, 2 failed \\(blocks 5, 17\\)" "summary")
expect("checksum of the good blocks: ${expected_checksum}" "checksum")

# Blocks per rank.
string(REGEX MATCH "blocks per rank:[^\n]*" per_rank "${out}")
string(REGEX MATCHALL "rank [0-9]+( \\(slow\\))?: [0-9]+" entries "${per_rank}")
set(total 0)
set(fast_min 1000)
set(slow -1)
foreach(e IN LISTS entries)
  string(REGEX REPLACE ".*: ([0-9]+)" "\\1" count "${e}")
  math(EXPR total "${total} + ${count}")
  if(e MATCHES "slow")
    set(slow ${count})
  elseif(count LESS fast_min)
    set(fast_min ${count})
  endif()
endforeach()
if(NOT total EQUAL 24)
  message(FATAL_ERROR "mpi_fanout (${RANKS} ranks): blocks per rank add up to ${total}: '${per_rank}'")
endif()
if(RANKS EQUAL 1)
  expect("blocks per rank: rank 0: 24" "rank 0 computes everything")
elseif(RANKS EQUAL 2)
  expect("blocks per rank: rank 1: 24" "rank 1 computes everything")
else()
  if(slow LESS 0 OR NOT slow LESS fast_min)
    message(FATAL_ERROR "mpi_fanout (${RANKS} ranks): the slow rank got ${slow} blocks, "
                        "not fewer than every other worker (fewest: ${fast_min}): '${per_rank}'")
  endif()
  message(STATUS "mpi_fanout (${RANKS} ranks): slow rank ${slow} blocks, other workers at least ${fast_min}")
endif()
