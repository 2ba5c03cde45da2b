#!/usr/bin/env bash
# docs.doxygen_filter - the INPUT_FILTER of the reference (docs/Doxyfile.in)
# works without Doxygen being installed:
#
#   doxygen_filter.sh <source dir> <include dir>...
#
#  1. fixture/good.h filters to exactly fixture/good.filtered;
#  2. every <include dir>/vow/*.h filters without an error to the same
#     number of lines (Doxygen's line numbers stay those of the header),
#     with at least one Doxygen block in it.
set -eu

src=${1:?usage: doxygen_filter.sh <source dir> <include dir>...}
shift
filter=(awk -f "$src/tools/api-doc-scan.awk" -f "$src/tools/doxygen-filter.awk")
failed=0

fixture="$src/tests/docs/fixture"
if out=$("${filter[@]}" "$fixture/good.h") && [ "$out" = "$(cat "$fixture/good.filtered")" ]; then
	echo "doxygen_filter: fixture/good.h gives fixture/good.filtered"
else
	echo "doxygen_filter: fixture/good.h does not give fixture/good.filtered:"
	diff <("${filter[@]}" "$fixture/good.h" 2>&1) "$fixture/good.filtered" || true
	failed=1
fi

n=0
for d in "$@"; do
	for h in "$d"/vow/*.h; do
		[ -e "$h" ] || continue
		n=$((n + 1))
		if ! out=$("${filter[@]}" "$h"); then
			echo "doxygen_filter: $h: the filter failed"
			failed=1
			continue
		fi
		want=$(wc -l <"$h")
		got=$(printf '%s\n' "$out" | wc -l)
		if [ "$got" -ne "$want" ]; then
			echo "doxygen_filter: $h: $got lines out of $want"
			failed=1
		fi
		case "$out" in
		*'/**'*) ;;
		*) echo "doxygen_filter: $h: no Doxygen block in the output"; failed=1 ;;
		esac
	done
done
echo "doxygen_filter: $n headers filtered"
exit "$failed"
