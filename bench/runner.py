"""runner.py - run one benchmark process and read its JSON line (run.py, mpi_run.py)."""
import json
import subprocess
import time


def run_one(cmd, timeout):
    """Run cmd; return (record, None) or (None, why).

    The program must exit 0 and print exactly one JSON object line ("{..."):
    other stdout lines (mpirun's, a rank's) are ignored.  The record gains
    process_s, the wall time of the whole process.
    """
    t0 = time.time()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout}s"
    if p.returncode != 0:
        return None, f"exit {p.returncode}: {(p.stderr or p.stdout).strip()[-400:]}"
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if len(lines) != 1:
        return None, f"expected one JSON line, got {len(lines)}: {p.stdout[-300:]}"
    try:
        rec = json.loads(lines[0])
    except json.JSONDecodeError as e:
        return None, f"bad JSON ({e}): {lines[0][:200]}"
    rec["process_s"] = round(time.time() - t0, 3)
    return rec, None
