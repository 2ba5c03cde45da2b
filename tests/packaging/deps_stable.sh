#!/usr/bin/env bash
# packaging.deps_stable - the package check behind `make deps` (and every
# other *deps target) must give the same answer every time it runs.
#
#   deps_stable.sh <source dir> [runs]      (runs: default 200)
#
# Runs `tools/debian-deps --missing` on the Makefile's DEB_PACKAGES plus
# libc6-dev and a package that cannot exist, <runs> times, and fails unless
# every run prints the same answer: libc6-dev present, the impossible
# package missing, exit status 1.  The check once piped `dpkg -s` into
# `grep -q` under pipefail and reported libc6-dev missing in about half of
# the runs of a user that is not root.  So when started as root the runs
# drop to the user nobody (setpriv, else runuser); when that is impossible
# the test says so and runs as root.  Exit 77 (skipped): no dpkg-query.
set -eu

src=${1:?usage: deps_stable.sh <source dir> [runs]}
runs=${2:-200}
helper="$src/tools/debian-deps"
bogus="vow-no-such-package"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps_stable: no dpkg-query (not a Debian system): skipped"
	exit 77
fi

# DEB_PACKAGES := a b \
#                 c d
packages=$(awk '
	/^DEB_PACKAGES[ \t]*:?=/ { on = 1; sub(/^[^=]*=/, "") }
	on { line = $0; cont = sub(/\\[ \t]*$/, "", line); printf "%s ", line; if (!cont) exit }
' "$src/Makefile")
read -r -a packages <<<"$packages"
case " ${packages[*]} " in
*" libc6-dev "*) ;;
*)
	echo "deps_stable: could not read DEB_PACKAGES (with libc6-dev) from $src/Makefile: '${packages[*]}'" >&2
	exit 1
	;;
esac
query=("${packages[@]}" "$bogus")

as=()
if [ "$(id -u)" -eq 0 ]; then
	nobody_gid=$(id -g nobody 2>/dev/null || echo 65534)
	if command -v setpriv >/dev/null 2>&1 &&
	   setpriv --reuid=nobody --regid="$nobody_gid" --clear-groups test -r "$helper" 2>/dev/null; then
		as=(setpriv --reuid=nobody --regid="$nobody_gid" --clear-groups)
		who="nobody (through setpriv)"
	elif command -v runuser >/dev/null 2>&1 &&
	     runuser -u nobody -- test -r "$helper" 2>/dev/null; then
		as=(runuser -u nobody --)
		who="nobody (through runuser)"
	else
		who="root"
		echo "deps_stable: NOTE: started as root and cannot run the check as nobody" \
		     "(no setpriv/runuser, or nobody cannot read $helper): the runs are as root"
	fi
else
	who="$(id -un 2>/dev/null || id -u) (not root)"
fi

expected_rc=1
first=""
differ=0
for ((i = 1; i <= runs; i++)); do
	rc=0
	out=$("${as[@]}" bash "$helper" --missing "${query[@]}" 2>&1) || rc=$?
	if [ $i -eq 1 ]; then
		first=$out
		case " $out " in
		*" libc6-dev "*)
			echo "deps_stable: run 1 says libc6-dev is missing: '$out' (rc $rc)" >&2
			exit 1
			;;
		esac
		case " $out " in
		*" $bogus ") ;;
		*)
			echo "deps_stable: run 1 does not report $bogus missing: '$out' (rc $rc)" >&2
			exit 1
			;;
		esac
	fi
	if [ "$out" != "$first" ] || [ $rc -ne $expected_rc ]; then
		differ=$((differ + 1))
		[ $differ -le 5 ] && echo "deps_stable: run $i: '$out' (rc $rc), run 1: '$first' (rc $expected_rc)" >&2
	fi
done

echo "deps_stable: $runs runs as $who of: tools/debian-deps --missing ${query[*]}"
if [ $differ -ne 0 ]; then
	echo "deps_stable: FAILED: $differ of $runs runs gave a different answer" >&2
	exit 1
fi
echo "deps_stable: every run: missing '$first', exit status $expected_rc"
