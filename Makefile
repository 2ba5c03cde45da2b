# vow - convenience wrapper around CMake/CTest for a fresh Debian machine.
#
#   make deps    install the needed Debian packages (apt-get, when root)
#   make build   Release build in build/
#   make demo    build the library and the examples (only), run build/examples/demo
#   make test    build, run the test suite; with VOW_FULL=1 or CI=true also
#                the ASan+UBSan, TSan and valgrind suites
#   make asan    ASan+UBSan build in build-asan/ (RelWithDebInfo, asserts on) + tests
#   make tsan    TSan build in build-tsan/ (RelWithDebInfo, asserts on) + tests
#   make valgrind  unit, golden and example tests under valgrind memcheck
#   make fuzz    libFuzzer on promise programs (build-fuzz/, clang); runs until
#                Ctrl-C, or FUZZ_SECONDS=N seconds (tests/fuzz/README.md)
#   make bench   benchmarks vs node, oneTBB, OpenMP (build-bench/, Release;
#                QUICK=1: under 2 minutes); results in bench/out/
#   make docs    the API reference from the headers (Doxygen): HTML in
#                build-docs/docs/html/, man pages in build-docs/docs/man/
#                (man -M build-docs/docs/man vow_promise_then)
#   make clean   remove all build directories
#   make help    this text
#
# Variables: JOBS (parallelism, default: nproc), CMAKE_ARGS (extra -D... for
# every configure), CC (compiler for a *fresh* build dir, e.g. make CC=clang).
#
# Build options, as CMAKE_ARGS="-D... -D..." or for CMake yourself:
#   -DVOW_BUILD_TESTS=OFF -DVOW_BUILD_EXAMPLES=OFF
#                          the library alone (no cmocka needed)
#   -DCMAKE_BUILD_TYPE=Release|RelWithDebInfo|Debug   (CMake's default here:
#                          Debug; make build/demo/test use Release)
#   -DVOW_SANITIZE=address|thread   ASan+UBSan or TSan (make asan / make tsan)
#   -DVOW_ASSERTIONS=ON    assert() on in every build type, the ownership
#                          checks included (README.md, Ownership)
#   -DVOW_LTO=OFF          no link-time optimisation in Release builds (gcc)
#   -DVOW_ALLOC_CACHE=OFF  no per-thread block cache (for memcheck)
#   -DVOW_DEBUG_YIELD=ON   random yields in the racy paths (stress, TSan)
#   -DVOW_BUILD_DOCS=ON    build the API reference too (needs doxygen);
#                          cmake --install then installs it
# Shared and static: every build makes libvow.so and libvow.a from the same
# objects; pick one when linking (CMake: vow::vow or vow::vow_static;
# pkg-config --libs vow, or --static --libs with libvow.a).
# Install: the library alone, to a prefix of your choice:
#   cmake -S . -B build-lib -DCMAKE_BUILD_TYPE=Release \
#         -DVOW_BUILD_TESTS=OFF -DVOW_BUILD_EXAMPLES=OFF
#   cmake --build build-lib --parallel
#   cmake --install build-lib --prefix /usr/local     (README: Install and use)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
.SUFFIXES:

JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE      ?= cmake
CTEST      ?= ctest
CMAKE_ARGS ?=

# Debian packages the build and tests need.  (Node.js is NOT installed here:
# tests that need node skip themselves when it is absent.)  libuv1-dev is
# for examples/libuv_embed.c only (vow embedded in a libuv loop); CMake
# leaves that example out when libuv is missing.  Open MPI (libopenmpi-dev,
# openmpi-bin) is for the optional component vow-mpi and its tests, which
# make test runs with mpirun (README, Past one machine).
DEB_PACKAGES := cmake make gcc libc6-dev pkg-config liburcu-dev libck-dev \
                libboost-context-dev libcmocka-dev valgrind libuv1-dev \
                libopenmpi-dev openmpi-bin

# Full = Release suite + ASan/UBSan suite + TSan suite.
FULL := $(if $(filter 1 yes true on ON TRUE,$(VOW_FULL) $(CI)),1)

CTEST_RUN = $(CTEST) --output-on-failure --no-tests=error -j$(JOBS) --test-dir

# $(call configure_build,<dir>,<build type>,<vow options>[,<targets>])
# Builds everything, or only <targets>.  The make variables are cleared so
# the inner (CMake-generated) make neither fights this make's jobserver nor
# prints Entering/Leaving directory.
define configure_build
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $(CMAKE) -S . -B $(1) -DCMAKE_BUILD_TYPE=$(2) $(3) $(CMAKE_ARGS)
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $(CMAKE) --build $(1) --parallel $(JOBS)$(if $(4), --target $(4))
endef

# The Release build of build/ (make build, make demo, make test).
RELEASE_OPTIONS := -DVOW_SANITIZE= -DVOW_ASSERTIONS=OFF

.PHONY: help deps build demo test asan tsan valgrind clean

help:
	@sed -n '3,/^$$/p' $(firstword $(MAKEFILE_LIST)) | sed '/^$$/d; s/^# \{0,1\}//'

# Every *deps target checks its list with tools/debian-deps (one dpkg-query
# call, no pipe: see the script) and, as root, installs what is missing.
DEPS_CHECK := bash tools/debian-deps

deps:
	@$(DEPS_CHECK) deps $(DEB_PACKAGES)

build: deps
	$(call configure_build,build,Release,$(RELEASE_OPTIONS))

# The demo needs the library and the examples only; the tests and stress
# programs (most of a full build) are left to make build / make test, which
# reuse this build directory.
demo: deps
	$(call configure_build,build,Release,$(RELEASE_OPTIONS),vow vow_static vow_examples)
	@if [ -x build/examples/demo ]; then \
	  echo "== build/examples/demo"; ./build/examples/demo; \
	else \
	  shopt -s nullglob; progs=(); \
	  for f in build/examples/*; do [ -f "$$f" ] && [ -x "$$f" ] && progs+=("$$f"); done; \
	  if [ $${#progs[@]} -eq 0 ]; then echo "demo: no example programs yet (add examples/demo.c)"; exit 0; fi; \
	  echo "demo: build/examples/demo does not exist; example programs: $${progs[*]}"; \
	  for f in "$${progs[@]}"; do echo "== $$f"; "$$f"; done; \
	fi

test: build
	$(CTEST_RUN) build
ifeq ($(FULL),1)
	@echo "== full suite (VOW_FULL=$(VOW_FULL) CI=$(CI)): ASan+UBSan, TSan, valgrind, then 60 s of fuzzing"
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory tsan
	@$(MAKE) --no-print-directory valgrind
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60
endif

asan: deps
	$(call configure_build,build-asan,RelWithDebInfo,-DVOW_SANITIZE=address -DVOW_ASSERTIONS=ON)
	$(CTEST_RUN) build-asan

# TSan (gcc 12) was checked to run fine on this kernel as is; no setarch -R needed.
# Yield injection is on here: random yields in the settle, attach, deque and
# injection paths widen race windows that two cores rarely open.
tsan: deps
	$(call configure_build,build-tsan,RelWithDebInfo,-DVOW_SANITIZE=thread -DVOW_ASSERTIONS=ON -DVOW_DEBUG_YIELD=ON)
	$(CTEST_RUN) build-tsan

# Any leak or memory error fails the test (exit code 99).  The block cache
# is off so that memcheck sees every use after free.
VALGRIND := valgrind;-q;--error-exitcode=99;--leak-check=full;--errors-for-leak-kinds=definite,possible;--child-silent-after-fork=yes
valgrind: deps
	$(call configure_build,build-valgrind,Debug,-DVOW_SANITIZE= -DVOW_ASSERTIONS=ON -DVOW_ALLOC_CACHE=OFF "-DVOW_TEST_WRAPPER=$(VALGRIND)")
	$(CTEST_RUN) build-valgrind -L 'unit|golden|example'

clean:
	rm -rf build build-asan build-tsan build-valgrind build-bench build-fuzz build-docs

# ---- benchmarks (bench/README.md) ------------------------------------------
# The peers come from Debian (node is the machine's own, never installed
# here).  Missing packages are installed as `make deps` does when root;
# otherwise the command is printed and the missing peers are reported as
# skipped.  bench/ is a CMake project of its own that builds vow (Release)
# next to the benchmark programs.
BENCH_PACKAGES := g++ libtbb-dev gnuplot-nox python3
BENCH_QUICK := $(if $(filter 1 yes true on ON TRUE,$(QUICK)),--quick)
.PHONY: bench bench-deps

bench-deps:
	@$(DEPS_CHECK) --optional bench-deps $(BENCH_PACKAGES)

bench: deps bench-deps
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $(CMAKE) -S bench -B build-bench -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $(CMAKE) --build build-bench --parallel $(JOBS)
	python3 bench/run.py --build-dir build-bench $(BENCH_QUICK)

# ---- fuzzing (tests/fuzz/) -------------------------------------------------
# clang and libFuzzer (libclang-rt-14-dev) are needed only here, in a list of
# their own, so a plain `make test` needs gcc alone (it still replays the
# corpus, as the ctest fuzz.replay_corpus).  The full suite (CI) runs
# `make fuzz FUZZ_SECONDS=60`, so CI installs them through fuzz-deps.
# New inputs go to build-fuzz/corpus; tests/fuzz/corpus is only read.
FUZZ_PACKAGES := clang libclang-rt-14-dev
FUZZ_SECONDS ?=
FUZZ_ARGS ?=
.PHONY: fuzz fuzz-deps

fuzz-deps:
	@$(DEPS_CHECK) fuzz-deps $(FUZZ_PACKAGES)

fuzz: deps fuzz-deps
	$(call configure_build,build-fuzz,RelWithDebInfo,-DCMAKE_C_COMPILER=clang -DVOW_FUZZ=ON -DVOW_BUILD_TESTS=OFF -DVOW_BUILD_EXAMPLES=OFF -DVOW_ASSERTIONS=ON)
	@mkdir -p build-fuzz/corpus build-fuzz/artifacts
	@if [ -n "$(FUZZ_SECONDS)" ]; then echo "== fuzz: $(FUZZ_SECONDS) s"; \
	 else echo "== fuzz: runs until stopped - press Ctrl-C (or: make fuzz FUZZ_SECONDS=N)"; fi
	@./build-fuzz/tests/fuzz/fuzz_promise build-fuzz/corpus tests/fuzz/corpus \
	  -dict=tests/fuzz/fuzz_promise.dict -artifact_prefix=build-fuzz/artifacts/ \
	  -print_final_stats=1 $(if $(FUZZ_SECONDS),-max_total_time=$(FUZZ_SECONDS)) $(FUZZ_ARGS) || { \
	  echo "fuzz: failed; the input is in build-fuzz/artifacts/ (tests/fuzz/README.md:" >&2; \
	  echo "  replay it, then keep it as tests/fuzz/corpus/regress-<name>.bin)" >&2; exit 1; }

# ---- API reference (docs/api-docs.md) --------------------------------------
# Doxygen is needed only here, in a list of its own: make build, demo and
# test never run it (the comment check, docs.api_comments, is awk).
# build-docs/ is the library configured with the reference on and the
# tests and examples off; only the reference is built, then the ctest
# label docs-install checks what cmake --install makes of it.
DOCS_PACKAGES := doxygen
.PHONY: docs docs-deps

docs-deps:
	@$(DEPS_CHECK) docs-deps $(DOCS_PACKAGES)

docs: deps docs-deps
	$(call configure_build,build-docs,Release,-DVOW_BUILD_DOCS=ON -DVOW_BUILD_TESTS=OFF -DVOW_BUILD_EXAMPLES=OFF,vow_docs)
	$(CTEST_RUN) build-docs -L docs-install
	@echo "docs: build-docs/docs/html/index.html; man -M build-docs/docs/man vow_promise_then"
