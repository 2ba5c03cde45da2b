#!/usr/bin/env bash
# packaging.static_prefix - every global symbol libvow.a defines starts with
# vow_ (the API) or vow__ (internal), so that a program linking vow
# statically cannot clash with it.  Prints the offending names, by object.
#
#   static_prefix_check.sh <nm> <libvow.a>
#
# Sanitizer builds add __odr_asan.<name> next to instrumented globals; the
# <name> behind that prefix is what is checked.
set -eu

nm_tool=${1:?usage: static_prefix_check.sh <nm> <libvow.a>}
archive=${2:?}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# nm -A: "<archive>:<member>:<address> <type> <name>"; objects without
# symbols make nm complain on stderr, which says nothing here.
"$nm_tool" -A -g --defined-only "$archive" 2>/dev/null >"$tmp/nm" || true
if [ ! -s "$tmp/nm" ]; then
	echo "static_prefix_check: nm found no global symbol in $archive" >&2
	exit 1
fi
awk '
	NF >= 3 {
		n = split($1, part, ":")
		member = (n >= 3) ? part[n - 1] : part[1]
		name = $NF
		sub(/^__odr_asan(\.|_gen_)/, "", name)
		total++
		if (name !~ /^vow_/) {
			bad++
			print member ": " $(NF - 1) " " $NF
		}
	}
	END {
		printf "static_prefix_check: %d global symbols defined, %d without the vow_/vow__ prefix\n", total, bad
		exit (bad > 0)
	}
' "$tmp/nm"
