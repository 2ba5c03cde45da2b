#!/usr/bin/env bash
# docs.install - what `cmake --install` makes of the API reference
# (registered by docs/CMakeLists.txt when -DVOW_BUILD_DOCS=ON; label
# docs-install, which `make docs` runs).
#
#   install_check.sh <build dir> <scratch dir>
#
# Installs the "docs" component into <scratch dir>/prefix and checks:
#  1. the HTML is under share/doc/vow/html, and vow/promise.h's page holds
#     vow_promise_then's summary and its Errors line;
#  2. every page in share/man/man3 is named for vow (vow_*, VOW_*), every
#     link page (.so) points at a page that is there, and no page has a
#     .RI line whose quote does not close;
#  3. man, given that man directory, shows for vow_promise_then the
#     function's signature, summary and Errors line and its header's
#     THREADS and REFERENCES paragraphs (with groff when man is missing).
set -eu

build=${1:?usage: install_check.sh <build dir> <scratch dir>}
scratch=${2:?}
rm -rf "$scratch"
prefix="$scratch/prefix"
cmake --install "$build" --prefix "$prefix" --component docs >"$scratch.log" 2>&1 || {
	cat "$scratch.log"
	echo "install_check: cmake --install failed"
	exit 1
}

failed=0
fail() { echo "install_check: $*"; failed=1; }

html="$prefix/share/doc/vow/html"
[ -f "$html/index.html" ] || fail "no $html/index.html"
page="$html/promise_8h.html"
if [ -f "$page" ]; then
	grep -q 'vow_promise_then' "$page" || fail "promise_8h.html does not name vow_promise_then"
	grep -q 'Errors: VOW_EINVAL (p NULL), VOW_ENOMEM' "$page" ||
		fail "promise_8h.html lacks vow_promise_then's Errors line"
else
	fail "no $page"
fi

man3="$prefix/share/man/man3"
n=0
for f in "$man3"/*; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	name=${f##*/}
	case "$name" in vow_*.3 | VOW_*.3) ;; *) fail "a man page not named for vow: $name" ;; esac
	first=$(head -n 1 "$f")
	case "$first" in
	'.so '*)
		target=${first#.so }
		[ -f "$prefix/share/man/$target" ] || fail "$name links to $target, which is not installed"
		;;
	esac
done
[ "$n" -gt 0 ] || fail "no man page in $man3"
# A request line whose quote does not close on it breaks the page that
# follows (a brief Doxygen wrapped inside "f(a,<newline>b)").
broken=$(grep -l '^\.RI "[^"]*$' "$man3"/* 2>/dev/null || true)
[ -z "$broken" ] || fail "man pages with an unclosed .RI line: $(echo "$broken" | sed 's|.*/||' | tr '\n' ' ')"
[ -f "$man3/vow_promise_then.3" ] || fail "no $man3/vow_promise_then.3"

# The rendered page, on one line, so that wrapping does not matter.
if command -v man >/dev/null 2>&1; then
	text=$(MANWIDTH=100 man -M "$prefix/share/man" vow_promise_then 2>&1 || true)
	how="man -M $prefix/share/man vow_promise_then"
elif command -v groff >/dev/null 2>&1; then
	text=$(cd "$prefix/share/man" && soelim man3/vow_promise_then.3 | groff -man -Tascii -P-cbou 2>&1 || true)
	how="groff (no man)"
else
	echo "install_check: $n man pages; neither man nor groff to render one"
	exit "$failed"
fi
text=$(printf '%s\n' "$text" | tr -s ' \n' '  ')
for want in \
	'vow_promise * vow_promise_then (vow_promise * p, vow_handler_fn on_fulfilled,' \
	'p.then(on_fulfilled, on_rejected).' \
	'Errors: VOW_EINVAL (p NULL), VOW_ENOMEM. ctx_dtor runs in every case.' \
	'THREADS. Every function here may be called from any thread' \
	'REFERENCES. Promises are reference-counted.'; do
	case "$text" in
	*"$want"*) ;;
	*) fail "$how: no '$want'" ;;
	esac
done
echo "install_check: HTML in share/doc/vow/html, $n man pages in share/man/man3; $how shows vow_promise_then"
exit "$failed"
