// js_node.js - the JS-mode workloads in JavaScript, for node; the twin of
// js_vow.c (same steps, same order, same inputs).  Prints one JSON line.
//
//   node --expose-gc js_node.js <workload> [--n N] [--m M]
//   workloads: then_chain, all, all_settled, new_resolve_then, race, any,
//              await_loop, await_pingpong, mem
//
// One warm-up run at 1/100 of the size (lets V8 tier up the hot functions),
// a full GC, then one timed run.  The GC that collects the timed run's
// garbage after it ends is not timed (vow frees eagerly, inside its timing).
'use strict';

// now() also notes the kernel's share so far (system CPU time, minor page
// faults); as in bench_common.h, the last two calls bracket the timed run.
const marks = [];
const now = () => {
  const u = process.resourceUsage();
  marks.push({ sys_ns: u.systemCPUTime * 1000, minflt: u.minorPageFault });
  if (marks.length > 2) marks.shift();
  return process.hrtime.bigint();
};

function parse(argv) {
  const a = { workload: null, n: 1000000, m: 1000 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--n') a.n = Number(argv[++i]);
    else if (argv[i] === '--m') a.m = Number(argv[++i]);
    else if (argv[i] === '--threads') i++;       // always 1 for node
    else if (a.workload === null) a.workload = argv[i];
    else throw new Error('usage: js_node.js <workload> [--n N] [--m M]');
  }
  return a;
}

function fail(w, what) {
  process.stderr.write(`bench ${w}: WRONG RESULT: ${what}\n`);
  process.exit(1);
}

// Peak RSS in kB: VmHWM, as bench_common.h does (getrusage's ru_maxrss,
// process.resourceUsage().maxRSS, inherits the spawning driver's peak).
function peakRssKb() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch (e) { /* fall through */ }
  return process.resourceUsage().maxRSS;
}

const inc = (x) => x + 1;

async function thenChain(n) {
  let result = -1;
  const t0 = now();
  let p = Promise.resolve(0);
  for (let i = 0; i < n; i++) p = p.then(inc);
  await p.then((v) => { result = v; });
  const t1 = now();
  if (result !== n) fail('then_chain', 'final value != n');
  return t1 - t0;
}

async function fanIn(n, settled) {
  const rs = new Array(n);
  const rj = new Array(n);
  const ps = new Array(n);
  let sum = 0, len = -1, fulfilled = 0, rejected = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) ps[i] = new Promise((res, rej) => { rs[i] = res; rj[i] = rej; });
  const comb = settled ? Promise.allSettled(ps) : Promise.all(ps);
  const done = comb.then(settled
    ? (arr) => {
      len = arr.length;
      for (let i = 0; i < arr.length; i++) {
        const rec = arr[i];
        if (rec.status === 'fulfilled') { fulfilled++; sum += rec.value; } else { rejected++; sum += rec.reason; }
      }
    }
    : (arr) => { len = arr.length; for (let i = 0; i < arr.length; i++) sum += arr[i]; });
  for (let i = 0; i < n; i++) {
    if (settled && (i & 1)) rj[i](i); else rs[i](i);
    rs[i] = rj[i] = ps[i] = undefined;                // vow drops its references here too
  }
  await done;
  const t1 = now();
  if (len !== n || sum !== n * (n - 1) / 2) fail(settled ? 'all_settled' : 'all', 'sum or length');
  if (settled && (fulfilled !== Math.floor((n + 1) / 2) || rejected !== Math.floor(n / 2)))
    fail('all_settled', 'fulfilled/rejected counts');
  return t1 - t0;
}

async function newResolveThen(n) {
  let acc = 0;
  const add = (x) => { acc += x; };
  const t0 = now();
  for (let i = 0; i < n; i++) new Promise((res) => res(i)).then(add);
  // Drain: a promise settled now gets its reaction queued after all n of them.
  await null;
  await new Promise((res) => setImmediate(res));
  const t1 = now();
  if (acc !== n * (n - 1) / 2) fail('new_resolve_then', 'sum');
  return t1 - t0;
}

async function fanInFirst(rounds, m, any) {
  const rs = new Array(m);
  const rj = new Array(m);
  const ps = new Array(m);
  const t0 = now();
  for (let r = 0; r < rounds; r++) {
    let winner = -1;
    for (let i = 0; i < m; i++) ps[i] = new Promise((res, rej) => { rs[i] = res; rj[i] = rej; });
    const done = (any ? Promise.any(ps) : Promise.race(ps)).then((v) => { winner = v; });
    for (let i = 0; i < m; i++) {
      if (any && i !== m - 1) rj[i](i); else rs[i](i);
      rs[i] = rj[i] = ps[i] = undefined;
    }
    await done;
    if (winner !== (any ? m - 1 : 0)) fail(any ? 'any' : 'race', 'winner');
  }
  const t1 = now();
  return t1 - t0;
}

async function awaitValues(w) {
  for (let i = 0; i < w.n; i++) w.sum += await i;
}

async function awaitLoop(n) {
  const w = { n, sum: 0 };
  const t0 = now();
  await awaitValues(w);
  const t1 = now();
  if (w.sum !== n * (n - 1) / 2) fail('await_loop', 'sum');
  return t1 - t0;
}

// Two async functions awaiting in turn: every await yields to the other.
async function awaitPingpong(n) {
  const a = { n: Math.floor(n / 2), sum: 0 }, b = { n: n - Math.floor(n / 2), sum: 0 };
  const t0 = now();
  await Promise.all([awaitValues(a), awaitValues(b)]);
  const t1 = now();
  if (a.sum !== a.n * (a.n - 1) / 2 || b.sum !== b.n * (b.n - 1) / 2) fail('await_pingpong', 'sum');
  return t1 - t0;
}

// Bytes per pending promise and per then() on V8's heap (heapUsed deltas
// after full GCs), for comparison with vow's numbers in memory.json.
function mem(n) {
  const ps = new Array(n).fill(undefined);
  const ds = new Array(n).fill(undefined);
  global.gc(); global.gc();
  const h0 = process.memoryUsage().heapUsed;
  const noop = () => {};
  for (let i = 0; i < n; i++) ps[i] = new Promise(noop);
  global.gc(); global.gc();
  const h1 = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) ds[i] = ps[i].then(noop);
  global.gc(); global.gc();
  const h2 = process.memoryUsage().heapUsed;
  process.stdout.write(JSON.stringify({
    impl: 'node', n,
    bytes_per_pending_promise: (h1 - h0) / n,
    bytes_per_then: (h2 - h1) / n,
    bytes_per_reaction: (h2 - h1) / n - (h1 - h0) / n,
    method: 'process.memoryUsage().heapUsed delta after global.gc()',
    keep: ps.length + ds.length,
  }) + '\n');
}

async function main() {
  const a = parse(process.argv.slice(2));
  const w = a.workload;
  const warm = Math.max(1, Math.floor(a.n / 100));
  let fn, ops = a.n;
  switch (w) {
    case 'then_chain': fn = (n) => thenChain(n); break;
    case 'all': fn = (n) => fanIn(n, false); break;
    case 'all_settled': fn = (n) => fanIn(n, true); break;
    case 'new_resolve_then': fn = (n) => newResolveThen(n); break;
    case 'race': fn = (n) => fanInFirst(n, a.m, false); ops = a.n * a.m; break;
    case 'any': fn = (n) => fanInFirst(n, a.m, true); ops = a.n * a.m; break;
    case 'await_loop': fn = (n) => awaitLoop(n); break;
    case 'await_pingpong': fn = (n) => awaitPingpong(n); break;
    case 'mem': mem(a.n); return;
    default: fail(w, 'unknown workload');
  }
  await fn(warm);
  if (global.gc) global.gc();
  const ns = Number(await fn(a.n));
  process.stdout.write(JSON.stringify({
    workload: w, impl: 'node', threads: 1, ns_per_op: ns / ops, ops,
    peak_rss_kb: peakRssKb(), wall_ns: ns, ru_maxrss_kb: process.resourceUsage().maxRSS,
    sys_ns: marks[1].sys_ns - marks[0].sys_ns, minflt: marks[1].minflt - marks[0].minflt,
  }) + '\n');
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
