#!/usr/bin/env bash
# packaging.exports - libvow.so exports exactly the functions the public
# headers declare: no more (an internal function leaking into the ABI) and
# no fewer (a declared function that does not link).
#
#   exports_check.sh <C compiler> <nm> <libvow.so> <include dir>...
#
# The declarations come from public_decls.sh (the headers, preprocessed and
# parsed; static inline functions are not exported and are left out), the
# exports from `nm -D --defined-only`.  Also fails if a public header
# declares a name without the vow_ prefix, declares an object (vow exports
# no data), or defines a non-static function.
#
# A library built from some of the headers only (libvow from all but
# vow-mpi's, libvow-mpi from mpi.h) is compared with the declarations of
# its own headers: VOW_EXPORTS_ONLY / VOW_EXPORTS_SKIP list header names
# (mpi.h) whose declarations count alone / do not count.  The other checks
# cover every header.  VOW_HEADER_EXCLUDE and VOW_HEADER_CFLAGS as in
# public_decls.sh.
set -eu

cc=${1:?usage: exports_check.sh <C compiler> <nm> <libvow.so> <include dir>...}
nm_tool=${2:?}
so=${3:?}
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$here/public_decls.sh" "$cc" "$@" >"$tmp/decls"
# Whose declarations count: the header is the basename of field 3's file.
awk -v only=" ${VOW_EXPORTS_ONLY:-} " -v skip=" ${VOW_EXPORTS_SKIP:-} " '
	$1 == "function" {
		h = $3; sub(/:[0-9]+$/, "", h); sub(/.*\//, "", h)
		if (only != "  " && index(only, " " h " ") == 0) next
		if (index(skip, " " h " ") != 0) next
		print $2
	}' "$tmp/decls" | sort -u >"$tmp/declared"
awk '$1 == "static" { print $2 }' "$tmp/decls" | sort -u >"$tmp/inline"

# nm -D: "<address> <type> <name>[@<version>]"; functions are T, W or i.
"$nm_tool" -D --defined-only "$so" >"$tmp/nm"
awk 'NF >= 3 && $2 ~ /^[TWi]$/ { sub(/@.*/, "", $3); print $3 }' "$tmp/nm" | sort -u >"$tmp/exported"
awk 'NF >= 3 && $2 !~ /^[TWiAa]$/ { sub(/@.*/, "", $3); print $2, $3 }' "$tmp/nm" | sort -u >"$tmp/data"

failed=0
report() {   # report <title> <file>: the file's lines, if any, count as a failure
	if [ -s "$2" ]; then
		echo "exports_check: $1 ($(wc -l <"$2")):"
		sed 's/^/  /' "$2"
		failed=1
	fi
}

comm -23 "$tmp/exported" "$tmp/declared" >"$tmp/extra"
comm -13 "$tmp/exported" "$tmp/declared" >"$tmp/missing"
report "exported by $(basename "$so") but declared in no public header" "$tmp/extra"
report "declared in a public header but not exported by $(basename "$so")" "$tmp/missing"
report "data symbols exported (vow's API has functions only)" "$tmp/data"
awk '$1 != "static" && $2 !~ /^vow_/ { print $2 "  (" $3 ")" }' "$tmp/decls" >"$tmp/unprefixed"
report "names declared in public headers without the vow_ prefix" "$tmp/unprefixed"
awk '$1 == "variable" { print $2 "  (" $3 ")" }' "$tmp/decls" >"$tmp/objects"
report "objects declared in public headers" "$tmp/objects"
awk '$1 == "defined" { print $2 "  (" $3 ")" }' "$tmp/decls" >"$tmp/defined"
report "functions defined in public headers without static" "$tmp/defined"

echo "exports_check: $(wc -l <"$tmp/declared") functions declared in the public headers," \
     "$(wc -l <"$tmp/exported") exported by $(basename "$so")" \
     "($(wc -l <"$tmp/inline") static inline functions in the headers, not exported)"
if [ "$failed" -ne 0 ]; then
	exit 1
fi
echo "exports_check: the exports are exactly the declared functions"
