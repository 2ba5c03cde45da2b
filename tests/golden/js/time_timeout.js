// rule: vow_timeout(p, ms) orders as the setTimeout/then race that vow/abort.h documents: the result settles one job after p, or rejects with a TimeoutError when the timer fires first; the timer goes as soon as p settles.
function timeout(p, ms) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}
const delayed = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
const failing = (ms, e) => new Promise((_, r) => setTimeout(() => r(e), ms));
const log = (s) => console.log(s);

timeout(delayed(10, 'fast'), 50).then((v) => log('fast: ' + v));
timeout(delayed(100, 'slow'), 50).catch((e) => log('slow: ' + e.name + ': ' + e.message));
timeout(failing(20, 'boom'), 50).catch((e) => log('failing: ' + e));
const p = Promise.resolve('ready');
timeout(p, 50).then((v) => log('ready: ' + v));
p.then(() => log('p tick 1')).then(() => log('p tick 2'));
setTimeout(() => log('timer 60'), 60);
log('sync end');
