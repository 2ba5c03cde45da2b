#!/usr/bin/env bash
# docs.api_comments - every public function's comment says who may call
# it, who owns what afterwards and what a failure gives.
#
#   api_comments.sh <source dir> <C compiler> <include dir>...
#
# Runs tools/api-docs-check on every <include dir>/vow/*.h (the source
# tree's and the build tree's, for the generated version.h).  Then makes
# sure the check saw every function: its list must equal the functions and
# static inline functions that tests/packaging/public_decls.sh finds in the
# preprocessed headers, so a declaration the check's reader misses fails
# here instead of going unchecked.
set -eu

src=${1:?usage: api_comments.sh <source dir> <C compiler> <include dir>...}
cc=${2:?}
shift 2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failed=0
"$src/tools/api-docs-check" "$@" || failed=1

# A header public_decls.sh leaves out (VOW_HEADER_EXCLUDE: vow/mpi.h when
# vow-mpi is not built) is still checked, but not compared.
"$src/tools/api-docs-check" --list "$@" |
	awk -v excl=" ${VOW_HEADER_EXCLUDE:-} " '{ h = $2; sub(/^vow\//, "", h); sub(/:.*/, "", h)
		if (index(excl, " " h " ") == 0) print $1 }' | sort >"$tmp/checked"
bash "$src/tests/packaging/public_decls.sh" "$cc" "$@" |
	awk '$1 == "function" || $1 == "static" { print $2 }' | sort >"$tmp/declared"
if ! cmp -s "$tmp/checked" "$tmp/declared"; then
	echo "api_comments: the check and public_decls.sh see different functions" \
	     "(< checked only, > declared only):"
	diff "$tmp/checked" "$tmp/declared" | grep '^[<>]' || true
	failed=1
else
	echo "api_comments: the check saw all $(wc -l <"$tmp/declared") declared functions"
fi
exit "$failed"
