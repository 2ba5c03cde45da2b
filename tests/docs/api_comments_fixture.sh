#!/usr/bin/env bash
# docs.api_comments_fixture - tools/api-docs-check accepts every form of
# documentation fixture/good.h shows, and rejects each function of
# fixture/bad.h for the one statement it lacks: its output must be exactly
# fixture/bad.expected, and its exit status 1.
#
#   api_comments_fixture.sh <source dir>
set -eu

src=${1:?usage: api_comments_fixture.sh <source dir>}
check="$src/tools/api-docs-check"
cd "$src/tests/docs"   # the output names fixture/bad.h as given

failed=0
if out=$("$check" fixture/good.h 2>&1); then
	echo "api_comments_fixture: fixture/good.h accepted"
else
	echo "api_comments_fixture: fixture/good.h rejected:"
	echo "$out"
	failed=1
fi

rc=0
out=$("$check" fixture/bad.h 2>&1) || rc=$?
if [ "$rc" -ne 1 ]; then
	echo "api_comments_fixture: fixture/bad.h: exit status $rc, expected 1"
	failed=1
fi
if [ "$out" != "$(cat fixture/bad.expected)" ]; then
	echo "api_comments_fixture: fixture/bad.h: output differs from fixture/bad.expected:"
	diff <(echo "$out") fixture/bad.expected || true
	failed=1
else
	echo "api_comments_fixture: fixture/bad.h rejected exactly as fixture/bad.expected says"
fi
exit "$failed"
