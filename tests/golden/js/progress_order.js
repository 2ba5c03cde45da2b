// rule: progress (vow/progress.h) on the loop: each report is delivered as queueMicrotask(() => deliver(report)) to the listeners attached when it was made, in report order; a report nobody listens to is dropped; nothing is delivered once the promise settled, and a resolver that has resolved reports nothing.
//
// Notes / changes:
//  - withProgress() is the JavaScript model that vow/progress.h documents for vow_promise_on_progress and vow_resolver_progress (JavaScript's promises have no progress).
function withProgress() {
  const listeners = [];
  let resolved = false, settled = false, resolveFn;
  const promise = new Promise((resolve) => { resolveFn = resolve; });
  return {
    promise,
    onProgress(fn) { if (!settled) listeners.push(fn); },
    report(v) {
      if (resolved) return 'EALREADY';
      const k = listeners.length;
      if (k > 0) queueMicrotask(() => { if (!settled) for (let i = 0; i < k; i++) listeners[i](v); });
      return 'ok';
    },
    resolve(v) { resolved = settled = true; resolveFn(v); }, // v is not a thenable here
  };
}

const log = (s) => console.log(s);
const w = withProgress();
w.report('lost: nobody listens yet');
w.onProgress((v) => log('a: ' + v));
w.report('10%');
Promise.resolve().then(() => log('microtask'));
w.onProgress((v) => log('b: ' + v));
w.report('20%');
w.promise.then((v) => log('settled: ' + v));
setTimeout(() => {
  log('report 50%: ' + w.report('50%'));
  w.resolve('done');
  log('report after resolve: ' + w.report('late'));
}, 10);
log('sync end');
