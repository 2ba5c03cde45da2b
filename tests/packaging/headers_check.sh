#!/usr/bin/env bash
# packaging.headers - the public headers compile without a warning in every
# language mode a user may pick.
#
#   headers_check.sh <include dir>...
#
# The headers are every <include dir>/vow/*.h (the source tree's include/
# and the build tree's, for the generated version.h), so a header added
# later is checked without touching this test.  Three checks:
#
#  1. one file including every header compiles with -Wall -Wextra -pedantic
#     -Werror (and the extra warnings below) as C11 and C17 with gcc and
#     clang, and as C++11, C++14, C++17 and C++20 with g++ and clang++;
#  2. each header compiles on its own (it includes what it needs), as C11
#     and as C++11;
#  3. in C++, every function the headers declare (public_decls.sh) is
#     referenced by its C name: the extern "C" blocks are in place.
#
# A compiler that is not installed is skipped, and the output says so.
# VOW_HEADER_EXCLUDE and VOW_HEADER_CFLAGS as in public_decls.sh (vow-mpi's
# mpi.h needs MPI's include directory, given as -isystem: the warnings of
# MPI's own header are not vow's to fix).
set -eu

[ $# -ge 1 ] || { echo "usage: headers_check.sh <include dir>..." >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

WARN=(-Wall -Wextra -pedantic -Werror -Wshadow -Wundef -Wconversion -Wsign-conversion)
WARN_C=(-Wstrict-prototypes -Wmissing-prototypes)
C_COMPILERS=(gcc clang)
C_STDS=(c11 c17)
CXX_COMPILERS=(g++ clang++)
CXX_STDS=(c++11 c++14 c++17 c++20)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

incs=()
headers=()
excluded() { case " ${VOW_HEADER_EXCLUDE:-} " in *" $1 "*) return 0 ;; esac; return 1; }
for d in "$@"; do
	d=$(cd "$d" && pwd)
	incs+=("-I$d")
	for h in "$d"/vow/*.h; do
		[ -e "$h" ] && ! excluded "$(basename "$h")" && headers+=("vow/$(basename "$h")")
	done
done
# shellcheck disable=SC2206 # a list of flags
incs+=(${VOW_HEADER_CFLAGS:-})
if [ ${#headers[@]} -eq 0 ]; then
	echo "headers_check: no vow/*.h under $*" >&2
	exit 1
fi
mapfile -t headers < <(printf '%s\n' "${headers[@]}" | sort -u)
echo "headers_check: ${#headers[@]} headers: ${headers[*]}"

{
	for h in "${headers[@]}"; do echo "#include <$h>"; done
	echo "int vow_headers_check(void);"
	echo "int vow_headers_check(void) { return 0; }"
} >"$tmp/all.c"

failed=0
checked=0
skipped=()
have() { command -v "$1" >/dev/null 2>&1; }

# compile <what> <compiler> <language flags...> -- <file>
compile() {
	local what=$1 cc=$2
	shift 2
	local log="$tmp/log"
	checked=$((checked + 1))
	if "$cc" "$@" "${incs[@]}" -fsyntax-only >"$log" 2>&1; then
		echo "  ok      $what"
	else
		echo "  FAILED  $what: $cc $* -fsyntax-only"
		sed 's/^/          /' "$log"
		failed=$((failed + 1))
	fi
}

echo "1. every header in one file"
for cc in "${C_COMPILERS[@]}"; do
	if ! have "$cc"; then skipped+=("$cc"); echo "  skipped $cc: not installed"; continue; fi
	for std in "${C_STDS[@]}"; do
		compile "$cc -std=$std" "$cc" -x c -std="$std" "${WARN[@]}" "${WARN_C[@]}" "$tmp/all.c"
	done
done
for cxx in "${CXX_COMPILERS[@]}"; do
	if ! have "$cxx"; then skipped+=("$cxx"); echo "  skipped $cxx: not installed"; continue; fi
	for std in "${CXX_STDS[@]}"; do
		compile "$cxx -std=$std" "$cxx" -x c++ -std="$std" "${WARN[@]}" "$tmp/all.c"
	done
done

echo "2. each header on its own"
first_cc=""
for cc in "${C_COMPILERS[@]}"; do if have "$cc"; then first_cc=$cc; break; fi; done
first_cxx=""
for cxx in "${CXX_COMPILERS[@]}"; do if have "$cxx"; then first_cxx=$cxx; break; fi; done
i=0
for h in "${headers[@]}"; do
	i=$((i + 1))
	printf '#include <%s>\n' "$h" >"$tmp/one$i.c"
	if [ -n "$first_cc" ]; then
		compile "$h alone, $first_cc -std=c11" "$first_cc" -x c -std=c11 "${WARN[@]}" "${WARN_C[@]}" "$tmp/one$i.c"
	fi
	if [ -n "$first_cxx" ]; then
		compile "$h alone, $first_cxx -std=c++11" "$first_cxx" -x c++ -std=c++11 "${WARN[@]}" "$tmp/one$i.c"
	fi
done
if [ -z "$first_cc$first_cxx" ]; then echo "  skipped: no C or C++ compiler"; fi

echo "3. C linkage of every declared function, from C++"
decl_cc=${first_cc:-cc}
mapfile -t functions < <("$here/public_decls.sh" "$decl_cc" "$@" | awk '$1 == "function" { print $2 }')
if [ ${#functions[@]} -eq 0 ]; then
	echo "  FAILED  public_decls.sh found no function declaration"
	failed=$((failed + 1))
fi
{
	for h in "${headers[@]}"; do echo "#include <$h>"; done
	echo "typedef void (*vow_any_fn)();"
	echo "extern const vow_any_fn vow_headers_refs[];"
	echo "const vow_any_fn vow_headers_refs[] = {"
	for f in "${functions[@]}"; do echo "	reinterpret_cast<vow_any_fn>(&$f),"; done
	echo "};"
} >"$tmp/refs.cc"
nm_tool=$(command -v nm || true)
for cxx in "${CXX_COMPILERS[@]}"; do
	have "$cxx" || { echo "  skipped $cxx: not installed"; continue; }
	[ -n "$nm_tool" ] || { echo "  skipped: no nm"; break; }
	checked=$((checked + 1))
	if ! "$cxx" -std=c++11 "${incs[@]}" -c "$tmp/refs.cc" -o "$tmp/refs.o" >"$tmp/log" 2>&1; then
		echo "  FAILED  $cxx: the reference file does not compile"
		sed 's/^/          /' "$tmp/log"
		failed=$((failed + 1))
		continue
	fi
	"$nm_tool" -u "$tmp/refs.o" | awk '{ print $NF }' | sort -u >"$tmp/undef"
	missing=()
	for f in "${functions[@]}"; do
		grep -qx -- "$f" "$tmp/undef" || missing+=("$f")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		echo "  ok      $cxx: all ${#functions[@]} functions have C linkage"
	else
		echo "  FAILED  $cxx: not referenced by their C names (no extern \"C\"?): ${missing[*]}"
		grep '^_Z' "$tmp/undef" | sed 's/^/          mangled: /' || true
		failed=$((failed + 1))
	fi
done

echo "headers_check: $checked compilations, $failed failed${skipped[*]:+, skipped: ${skipped[*]}}"
[ "$failed" -eq 0 ]
