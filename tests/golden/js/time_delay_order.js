// rule: vow_delay(ex, ms, signal) orders as new Promise(r => setTimeout(r, ms)), interleaved with plain timers and microtasks; an abort rejects at once and clears the timer.
//
// Notes / changes:
//  - delay() is the JavaScript equivalent that vow/abort.h documents for vow_delay.
function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => resolve(), ms);
    if (signal) signal.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
  });
}

const log = (s) => console.log(s);
setTimeout(() => log('timer 50'), 50);
delay(50).then(() => log('delay 50'));
delay(20).then(() => log('delay 20'));
setTimeout(() => log('timer 20'), 20);
Promise.resolve().then(() => log('microtask'));

const c = new AbortController();
delay(30, c.signal).then(() => log('not printed'), (e) => log('aborted: ' + e.name + ': ' + e.message));
setTimeout(() => { log('abort at 10'); c.abort(); log('after abort'); }, 10);

delay(40, c.signal).catch((e) => log('late delay: ' + e.name));
setTimeout(() => delay(5, c.signal).catch((e) => log('already aborted: ' + e.name)), 15);
log('sync end');
