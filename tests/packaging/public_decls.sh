#!/usr/bin/env bash
# public_decls.sh - what the public headers declare, for the packaging tests.
#
#   public_decls.sh <C compiler> <include dir>...
#
# Every <include dir>/vow/*.h is a public header (the source tree's
# include/ and the build tree's include/, which holds the generated
# version.h).  Writes a file including them all, runs the C preprocessor on
# it and prints public_decls.awk's list (function / variable / static /
# defined <name> <file>:<line>), sorted by name.  Fails if a header does
# not preprocess or there is no header at all.
#
# Environment (set by tests/packaging/CMakeLists.txt):
#   VOW_HEADER_EXCLUDE  header names left out (vow-mpi's mpi.h when the
#                       component is not built)
#   VOW_HEADER_CFLAGS   extra compiler flags (-isystem <MPI's include dir>)
set -eu

cc=${1:?usage: public_decls.sh <C compiler> <include dir>...}
shift
[ $# -ge 1 ] || { echo "public_decls.sh: no include dir" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

prefixes=""
incs=()
dirs=()
for d in "$@"; do
	d=$(cd "$d" && pwd)
	dirs+=("$d")
	incs+=("-I$d")
	prefixes="$prefixes|$d/vow/"
done
excluded() { case " ${VOW_HEADER_EXCLUDE:-} " in *" $1 "*) return 0 ;; esac; return 1; }
for d in "${dirs[@]}"; do
	for h in "$d"/vow/*.h; do
		[ -e "$h" ] && ! excluded "$(basename "$h")" && echo "#include <vow/$(basename "$h")>"
	done
done | sort -u >"$tmp/all.c"
if [ ! -s "$tmp/all.c" ]; then
	echo "public_decls.sh: no vow/*.h under $*" >&2
	exit 1
fi

# shellcheck disable=SC2086 # VOW_HEADER_CFLAGS is a list of flags
"$cc" -std=c11 -E "${incs[@]}" ${VOW_HEADER_CFLAGS:-} "$tmp/all.c" >"$tmp/all.i"
awk -v prefixes="${prefixes#|}" -f "$here/public_decls.awk" "$tmp/all.i" | sort -k2,2 -k1,1
