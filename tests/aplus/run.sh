#!/usr/bin/env bash
# run.sh - ctest driver for conformance.aplus / conformance.es6 (README.md).
#
#   run.sh <aplus|es6> <addon.node> <work dir> <expected passing>
#
# Exit 77 (ctest: skipped) when node or npm is absent, or when the addon was
# not built (node's headers were not found at configure time).  The npm
# packages are installed once into <work dir>/node_modules (a stamp file names
# the versions) under a lock, so the two tests may run in parallel and
# re-runs do not touch the network.
set -euo pipefail

APLUS_VERSION=2.1.2   # promises-aplus-tests: 872 tests
ES6_VERSION=0.5.0     # promises-es6-tests

if [ $# -ne 4 ]; then
	echo "usage: $0 <aplus|es6> <addon.node> <work dir> <expected passing>" >&2
	exit 2
fi
suite=$1 addon=$2 work=$3 expected=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

for tool in node npm; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIPPED: $tool not found (install Node.js and npm to run the conformance suites)"
		exit 77
	fi
done
if [ ! -f "$addon" ]; then
	echo "SKIPPED: $addon was not built (node_api.h not found when CMake ran)"
	exit 77
fi

mkdir -p "$work"
stamp="$work/.installed-aplus-$APLUS_VERSION-es6-$ES6_VERSION"

install_suites() {
	[ -f "$stamp" ] && return 0
	echo "npm install promises-aplus-tests@$APLUS_VERSION promises-es6-tests@$ES6_VERSION into $work"
	if ! npm install --prefix "$work" --no-save --no-package-lock --no-audit --no-fund \
		--no-progress --no-update-notifier --loglevel=error \
		"promises-aplus-tests@$APLUS_VERSION" "promises-es6-tests@$ES6_VERSION" \
		>"$work/npm-install.log" 2>&1; then
		cat "$work/npm-install.log"
		echo "FAILED: npm install (is the npm registry reachable?);" \
		     "to leave these tests out: ctest -LE conformance"
		return 1
	fi
	touch "$stamp"
}

if command -v flock >/dev/null 2>&1; then
	exec 9>"$work/.install.lock"
	flock 9
	install_suites
	flock -u 9
	exec 9>&-
else
	install_suites
fi

exec node "$here/run.js" "$suite" "$addon" "$work/node_modules" "$expected"
