// rule: AbortController/AbortSignal: listeners run once, in the order added, synchronously inside abort(); a second abort does nothing; AbortSignal.any follows the first source to abort; AbortSignal.timeout aborts with a TimeoutError.
const log = (s) => console.log(s);
const c = new AbortController();
const s = c.signal;
s.addEventListener('abort', () => log('listener 1: ' + s.reason), { once: true });
s.addEventListener('abort', () => log('listener 2'), { once: true });
const removed = () => log('never');
s.addEventListener('abort', removed, { once: true });
s.removeEventListener('abort', removed);
log('aborted before: ' + s.aborted);
c.abort('because');
log('aborted after: ' + s.aborted + ', reason: ' + s.reason);
c.abort('again');
log('reason still: ' + s.reason);

const a = new AbortController(), b = new AbortController();
const any = AbortSignal.any([a.signal, b.signal]);
any.addEventListener('abort', () => log('any: ' + any.reason), { once: true });
b.abort('b first');
a.abort('a later');
log('any reason: ' + any.reason);

const early = AbortSignal.any([c.signal]);
log('any of an aborted signal: ' + early.aborted + ' ' + early.reason);

const t = AbortSignal.timeout(30);
t.addEventListener('abort', () => log('timeout signal: ' + t.reason.name), { once: true });
const keep = setTimeout(() => log('timer 40'), 40);
log('sync end');
