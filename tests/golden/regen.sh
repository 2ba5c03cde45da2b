#!/usr/bin/env bash
# Regenerate tests/golden/expected/*.txt by running every tests/golden/js/*.js
# with Node (v20). Only stdout is captured; any non-zero exit aborts loudly.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
js_dir="$here/js"
exp_dir="$here/expected"
mkdir -p "$exp_dir"

command -v node >/dev/null || { echo "regen.sh: node not found" >&2; exit 1; }
echo "regen.sh: using node $(node --version)" >&2

# run files in parallel batches to keep total time down (several files wait ~6-12 s)
jobs_max="${JOBS:-8}"
fail=0
pids=()
names=()

run_one() {
  local f="$1" name out rc
  name="$(basename "$f" .js)"
  out="$exp_dir/$name.txt"
  # run from js_dir so nothing depends on the caller's cwd
  if (cd "$js_dir" && node "$f" > "$out.tmp" 2>/dev/null); then
    mv "$out.tmp" "$out"
  else
    rc=$?
    rm -f "$out.tmp"
    echo "regen.sh: FAILED (exit $rc): $f" >&2
    return 1
  fi
}

shopt -s nullglob
files=("$js_dir"/*.js)
[ ${#files[@]} -gt 0 ] || { echo "regen.sh: no js files in $js_dir" >&2; exit 1; }

for f in "${files[@]}"; do
  run_one "$f" &
  pids+=($!)
  names+=("$f")
  if [ ${#pids[@]} -ge "$jobs_max" ]; then
    wait "${pids[0]}" || fail=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || fail=1; done

# drop expected files whose js no longer exists
for e in "$exp_dir"/*.txt; do
  [ -e "$js_dir/$(basename "$e" .txt).js" ] || { echo "regen.sh: removing stale $e" >&2; rm -f "$e"; }
done

if [ "$fail" -ne 0 ]; then
  echo "regen.sh: at least one example FAILED (see above)" >&2
  exit 1
fi
echo "regen.sh: ${#files[@]} expected files written to $exp_dir" >&2
