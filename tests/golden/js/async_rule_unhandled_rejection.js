// rule: an async function that rejects with nobody listening is an unhandled rejection, with Node's timing
//
// The event fires after the microtask queue has drained (after the ticks),
// before the next timer.  A catch attached later in the same drain means no
// event; a catch attached in a later timer fires rejectionHandled after that
// timer's microtasks.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));
process.on('rejectionHandled', (p) => console.log('rejectionHandled', p === late));

async function fails(reason) {
  await null;
  throw reason;
}

const late = fails('nobody listened');
const inTime = fails('handled in time');

Promise.resolve()
  .then(() => console.log('tick 1'))
  .then(() => console.log('tick 2'))
  .then(() => inTime.catch((e) => console.log('caught in the same drain:', e)));

setTimeout(() => {
  console.log('timer: late catch');
  late.catch((e) => console.log('late catch:', e));
}, 10);
