#!/bin/sh
# gen_inspect_expected.sh - regenerate inspect_expected.h (the expected
# renderings of test_inspect.c's cases) by asking Node 20 to print them.
# Run it after editing inspect_cases.js; commit both files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
node --version | grep -q '^v20\.' || {
	echo "gen_inspect_expected.sh: Node v20 required (found $(node --version))" >&2
	exit 1
}
node "$here/inspect_cases.js" > "$here/inspect_expected.h.tmp"
mv "$here/inspect_expected.h.tmp" "$here/inspect_expected.h"
echo "wrote $here/inspect_expected.h"
