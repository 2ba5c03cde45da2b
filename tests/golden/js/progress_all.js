// rule: all() on the loop reports [k, n] on its result as each input but the last finishes, each report delivered as a microtask (vow/progress.h); the last input, or the first rejection, settles the result and ends the reports.
//
// Notes / changes:
//  - allWithProgress() is Promise.all as ECMA-262 writes it (remainingElementsCount starts at 1; each input is Promise.resolve(item).then(...)), plus the report that vow/progress.h documents.
function allWithProgress(items) {
  const listeners = [];
  let settled = false;
  const report = (v) => {
    const k = listeners.length;
    if (k > 0 && !settled) queueMicrotask(() => { if (!settled) for (let i = 0; i < k; i++) listeners[i](v); });
  };
  const promise = new Promise((resolve, reject) => {
    const values = [], n = items.length;
    let remaining = 1;
    items.forEach((item, i) => {
      remaining++;
      Promise.resolve(item).then((v) => {
        values[i] = v;
        if (--remaining === 0) { settled = true; resolve(values); } else report([n - remaining, n]);
      }, (e) => { settled = true; reject(e); });
    });
    if (--remaining === 0) { settled = true; resolve(values); }
  });
  return { promise, onProgress: (fn) => listeners.push(fn) };
}

const log = (s) => console.log(s);
const after = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
const failAfter = (ms, e) => new Promise((_, r) => setTimeout(() => r(e), ms));

const all = allWithProgress([after(30, 'c'), after(10, 'a'), 'now', after(20, 'b')]);
all.onProgress(([k, n]) => log('all: ' + k + ' of ' + n));
all.promise.then((v) => log('all fulfilled: ' + v.join(',')));

const failing = allWithProgress([after(5, 'x'), failAfter(15, 'boom'), after(25, 'y')]);
failing.onProgress(([k, n]) => log('failing: ' + k + ' of ' + n));
failing.promise.catch((e) => log('failing rejected: ' + e));
Promise.resolve().then(() => log('microtask'));
log('sync end');
