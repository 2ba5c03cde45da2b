#!/usr/bin/env python3
"""mpi_run.py - the MPI part of the benchmarks: vow-mpi against plain MPI.

run.py calls run() after its other workloads (and alone with
`--only mpi` or `--only mpi_pingpong,...`); it also runs by itself:

    python3 bench/mpi_run.py [--build-dir build-bench] [--quick] [--reps N]
                             [--out bench/out]

Every (workload, impl) is one mpirun of build-bench/mpi_bench (mpi_bench.c
says what each does), on shared memory and loopback only.  Round r runs
every cell, and inside a cell every impl once, the order rotated each
round, as run.py does; per-round ratios pair runs made one after the other.
The result is a markdown section (ratios with their spread, the DESIGN
targets, where the time goes) and summary.json entries.
"""
import argparse
import json
import os
import shutil
import statistics
import sys

from runner import run_one

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MPIRUN_FLAGS = ["--allow-run-as-root", "--oversubscribe",
                "--mca", "btl", "self,vader", "--mca", "oob_tcp_if_include", "lo"]

PP, PPQ = 20000, 5000          # ping-pong round trips (full, quick)
TP = 10000                     # throughput: receives (and sends) outstanding per rank
SELF, SELFQ = 200000, 50000
ITER = 1000000

# name -> (ranks, {impl: mpi_bench arguments}, what)
CELLS = [
    ("mpi_pingpong", 2, {
        "raw": ["pingpong", "--impl", "raw"],
        "rawtest": ["pingpong", "--impl", "rawtest"],
        "vow-loop": ["pingpong", "--impl", "vow", "--executor", "loop"],
        "vow-pool": ["pingpong", "--impl", "vow", "--executor", "pool"],
    }, "ping-pong of one int between 2 ranks; ns per round trip"),
    ("mpi_throughput", 1, {
        "raw": ["throughput", "--impl", "raw"],
        "rawtest": ["throughput", "--impl", "rawtest"],
        "vow-loop": ["throughput", "--impl", "vow", "--executor", "loop"],
        "vow-pool": ["throughput", "--impl", "vow", "--executor", "pool"],
        "promises": ["throughput", "--impl", "promises", "--executor", "loop"],
    }, f"{TP:,} receives posted, then {TP:,} sends to itself, all awaited; ns per request"),
    ("mpi_selfround", 1, {
        "raw": ["selfround", "--impl", "raw"],
        "vow-loop": ["selfround", "--impl", "vow", "--executor", "loop"],
        "vow-pool": ["selfround", "--impl", "vow", "--executor", "pool"],
        "promises": ["selfround", "--impl", "promises", "--executor", "loop"],
    }, "a send to itself and its receive on MPI_COMM_SELF; ns per round"),
    ("mpi_loopiter", 1, {
        "vow-loop": ["loopiter"],
    }, "one loop iteration with an active poll source (no MPI); ns"),
    ("mpi_idle", 2, {
        "vow-loop": ["idle", "--executor", "loop"],
        "vow-loop-nospin": ["idle", "--executor", "loop", "--spin", "-1"],
        "vow-pool": ["idle", "--executor", "pool"],
    }, "one receive outstanding for 1 s"),
]


def sizes(name, quick):
    if name == "mpi_pingpong":
        return ["--n", str(PPQ if quick else PP)]
    if name == "mpi_throughput":
        return ["--n", str(TP), "--reps", "3" if quick else "5"]
    if name == "mpi_selfround":
        return ["--n", str(SELFQ if quick else SELF)]
    if name == "mpi_loopiter":
        return ["--n", str(ITER)]
    return []


def delta(x):
    return ("+" if x >= 0 else "-") + fmt(abs(x))


def fmt(x):
    if x is None:
        return "-"
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}"


def find(build):
    """(mpirun, mpi_bench) or the reason the MPI benchmarks are skipped."""
    prog = os.path.join(build, "mpi_bench")
    if not os.access(prog, os.X_OK):
        why = "mpi_bench was not built"
        try:
            with open(os.path.join(build, "peers.txt")) as f:
                for line in f:
                    if line.startswith("mpi:") and "skipped:" in line:
                        why = line.split("skipped:", 1)[1].strip()
        except OSError:
            pass
        return None, why
    mpirun = shutil.which("mpirun") or shutil.which("mpiexec")
    if mpirun is None:
        return None, "no mpirun on PATH (apt-get install openmpi-bin)"
    return (mpirun, prog), None


def run(build, reps, quick=False, only=None, timeout=300, raw=None, log=print):
    """Returns (markdown lines, summary.json entries, failures)."""
    found, why = find(build)
    md = ["## MPI: vow-mpi against plain MPI\n"]
    if found is None:
        log(f"== mpi: SKIPPED ({why})")
        md.append(f"Skipped: {why}.\n")
        return md, [], []
    mpirun, prog = found
    cells = [c for c in CELLS if only is None or c[0] in only]
    samples = {}
    failures = []
    total = sum(len(c[2]) for c in cells) * reps
    k = 0
    log(f"== mpi: {reps} interleaved repetitions of {len(cells)} workloads ({mpirun})")
    for r in range(reps):
        for name, ranks, impls, _ in cells:
            names = list(impls)
            rot = r % len(names)
            for impl in names[rot:] + names[:rot]:
                k += 1
                cmd = [mpirun] + MPIRUN_FLAGS + ["-n", str(ranks), prog] + impls[impl] + sizes(name, quick)
                print(f"[mpi {r + 1}/{reps}] [{k}/{total}] {name:<15} {impl:<16} ...", end="", flush=True)
                rec, err = run_one(cmd, timeout)
                if err:
                    print(f" FAILED: {err}", flush=True)
                    failures.append((name, ranks, impl, err))
                    continue
                rec["workload"] = name
                rec["impl"] = impl
                rec["round"] = r
                if raw is not None:
                    raw.write(json.dumps(rec) + "\n")
                    raw.flush()
                samples.setdefault((name, impl), []).append(rec)
                extra = ""
                if name == "mpi_idle":
                    extra = (f", {rec['polls_per_s']:.0f} polls/s, poller {rec['poller_cpu_pct']:.2f}% "
                             f"(process {rec['process_cpu_pct']:.2f}%)")
                print(f" {fmt(rec['ns_per_op'])} ns{extra}, {rec['process_s']:.2f} s", flush=True)

    def med(name, impl, key="ns_per_op"):
        xs = [s[key] for s in samples.get((name, impl), [])]
        return statistics.median(xs) if xs else None

    def spread(name, impl):
        xs = [s["ns_per_op"] for s in samples.get((name, impl), [])]
        return (min(xs), max(xs)) if xs else (None, None)

    def ratios(name, a, b):
        """Per-round a/b, the runs of one round paired."""
        by_round = {}
        for impl in (a, b):
            for s in samples.get((name, impl), []):
                by_round.setdefault(s["round"], {})[impl] = s["ns_per_op"]
        return sorted(v[a] / v[b] for v in by_round.values() if a in v and b in v)

    summary = []
    for name, ranks, impls, _ in cells:
        for impl in impls:
            recs = samples.get((name, impl), [])
            if recs:
                summary.append(dict(workload=name, impl=impl, threads=ranks,
                                    ns_per_op=round(med(name, impl), 3), ops=int(recs[0]["ops"]),
                                    peak_rss_kb=int(max(s["peak_rss_kb"] for s in recs))))

    md.append(f"{reps} interleaved repetitions, each an mpirun of `mpi_bench` "
              "(bench/mpi_bench.c) on shared memory and loopback; medians with min-max.  "
              "`raw` is plain MPI with MPI_Wait / MPI_Waitall, `rawtest` the same waiting by "
              "MPI_Testsome (what vow's poll does, without promises), `vow-loop` / `vow-pool` "
              "promise-wrapped requests on the loop / on a one-worker pool, `promises` the "
              "loop's promises, all() and handlers of `vow-loop` settled by hand without MPI "
              "(the floor of vow's share).\n")
    md.append("| workload | what | raw | rawtest | vow-loop | vow-pool | promises |")
    md.append("|---|---|---|---|---|---|---|")
    for name, ranks, impls, what in cells:
        if name == "mpi_idle":
            continue
        row = [name, what]
        for impl in ("raw", "rawtest", "vow-loop", "vow-pool", "promises"):
            m_ = med(name, impl)
            lo, hi = spread(name, impl)
            row.append(f"{fmt(m_)} ({fmt(lo)}-{fmt(hi)})" if m_ is not None else "-")
        md.append("| " + " | ".join(row) + " |")
    md.append("")

    targets = []
    for name, target, label in (("mpi_pingpong", 1.2, "ping-pong latency"),
                                ("mpi_throughput", 1.5, f"completion of {TP:,} outstanding requests")):
        for impl in ("vow-loop", "vow-pool"):
            rs = ratios(name, impl, "raw")
            v, b = med(name, impl), med(name, "raw")
            if not rs or v is None or b is None:
                continue
            mr = statistics.median(rs)
            best = spread(name, impl)[0] / spread(name, "raw")[0]
            targets.append((f"{label}, {impl} vs raw: at most {target}x",
                            f"{mr:.2f}x (per-round {rs[0]:.2f}-{rs[-1]:.2f}; medians {fmt(v)} vs "
                            f"{fmt(b)} ns; best runs {best:.2f}x)",
                            "yes" if mr <= target else f"no (gap {mr / target:.2f}x)"))
    if targets:
        md.append("| target | measured (median of per-round ratios) | holds? |")
        md.append("|---|---|---|")
        for a, b, c in targets:
            md.append(f"| {a} | {b} | {c} |")
        md.append("")

    # Where the time goes.
    raw_pp, test_pp = med("mpi_pingpong", "raw"), med("mpi_pingpong", "rawtest")
    self_raw = med("mpi_selfround", "raw")
    it = med("mpi_loopiter", "vow-loop")
    rows = []
    for ex in ("pool", "loop"):
        pp, sr = med("mpi_pingpong", "vow-" + ex), med("mpi_selfround", "vow-" + ex)
        if None not in (raw_pp, test_pp, pp, sr, self_raw):
            rows.append((ex, pp, sr - self_raw))
    if rows:
        md.append("**Where a ping-pong round trip's time goes** (medians, ns).  A round trip "
                  "is, on each rank in turn, what `selfround` measures without the network: "
                  "a send, a receive and the handler that reacts, through vow (promises, "
                  "entries, locks, the poll, settling, the job) or through plain MPI calls.\n")
        md.append(f"- plain MPI: {fmt(raw_pp)} with MPI_Wait, {fmt(test_pp)} waiting by MPI_Testsome "
                  f"({delta(test_pp - raw_pp)})")
        for ex, pp, extra in rows:
            model = test_pp + 2 * extra
            md.append(f"- vow on the {ex}: {fmt(extra)} more than plain MPI per rank "
                      f"(selfround {fmt(extra + self_raw)} - {fmt(self_raw)}); {fmt(test_pp)} + 2 x "
                      f"{fmt(extra)} = {fmt(model)} expected, {fmt(pp)} measured")
        if it is not None:
            md.append(f"- of the loop's extra, one loop iteration with an active poll source "
                      f"(the timer and inbox checks; no epoll call while no fd is watched and "
                      f"the last poll made progress) costs {fmt(it)}; the pool's worker goes "
                      f"from the poll to the handler's job")
        floor = med("mpi_selfround", "promises")
        if floor is not None:
            md.append(f"- the promises alone (selfround `promises`: the round's two promises, "
                      f"its then() and handler's job, no MPI) cost {fmt(floor)} per rank-round; "
                      f"the 1.2x target leaves {fmt(0.2 * raw_pp)} per round trip "
                      f"({fmt(0.1 * raw_pp)} per rank) for everything vow adds")
        md.append("")
    raw_tp, test_tp = med("mpi_throughput", "raw"), med("mpi_throughput", "rawtest")
    loop_tp, prom_tp = med("mpi_throughput", "vow-loop"), med("mpi_throughput", "promises")
    if None not in (raw_tp, test_tp, loop_tp, prom_tp):
        md.append(f"**Where a request's time goes in the throughput run** (medians, ns per request): "
                  f"MPI_Waitall {fmt(raw_tp)}; MPI_Testsome over batches of 256 {fmt(test_tp)} "
                  f"({delta(test_tp - raw_tp)}); vow on the loop {fmt(loop_tp)} ({delta(loop_tp - raw_tp)} "
                  f"over MPI_Waitall), of which the promises alone (a promise per request, all() "
                  f"over them, the status array of each receive, settled by hand) are "
                  f"{fmt(prom_tp)} and vow-mpi's entries, locks, sweeps and settling, with what "
                  f"they cost MPI's own calls in cache, the other {fmt(loop_tp - raw_tp - prom_tp)}; "
                  f"the 1.5x target leaves {fmt(0.5 * raw_tp)} for both.\n")

    idle_rows = []
    for impl, label in (("vow-loop", "loop, spin 1 ms (default)"),
                        ("vow-loop-nospin", "loop, spin off"),
                        ("vow-pool", "pool (1 worker), spin 1 ms")):
        recs = samples.get(("mpi_idle", impl), [])
        if recs:
            idle_rows.append((label, med("mpi_idle", impl, "polls_per_s"),
                              med("mpi_idle", impl, "poller_cpu_pct"),
                              med("mpi_idle", impl, "process_cpu_pct"),
                              med("mpi_idle", impl, "spin_ms"),
                              med("mpi_idle", impl)))
    if idle_rows:
        md.append("**The cost of waiting**: one receive outstanding, the message sent 1 s later "
                  "(medians):\n")
        md.append("| executor | polls per second | poller thread CPU | process CPU | spent spinning | "
                  "receive seen after the send |")
        md.append("|---|---|---|---|---|---|")
        for label, pps, ppct, prpct, spin, lat in idle_rows:
            md.append(f"| {label} | {pps:.0f} | "
                      f"{'-' if ppct is None or ppct < 0 else f'{ppct:.2f}%'} | {prpct:.2f}% | "
                      f"{spin:.2f} ms | {lat / 1000:.0f} us |")
        md.append("")
        md.append("With no request outstanding the context is not polled at all (tests/mpi, "
                  "scenario idle: 0 polls and no CPU in 300 ms).\n")
    return md, summary, failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--reps", type=int, default=None)
    ap.add_argument("--only", default="")
    ap.add_argument("--timeout", type=int, default=300)
    o = ap.parse_args()
    reps = o.reps or (3 if o.quick else 7)
    only = set(o.only.split(",")) if o.only else None
    os.makedirs(o.out, exist_ok=True)
    with open(os.path.join(o.out, "mpi_raw.jsonl"), "w") as raw:
        md, summary, failures = run(os.path.abspath(o.build_dir), reps, o.quick, only,
                                    o.timeout, raw)
    text = "\n".join(md)
    with open(os.path.join(o.out, "mpi_summary.md"), "w") as f:
        f.write(text)
    print()
    print(text)
    for f_ in failures:
        print("FAILED:", f_)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
