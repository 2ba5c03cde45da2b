// rule: return v, return await p and return p settle the caller's then() after 1, 2 and 3 jobs
//
// Each timer starts a tick chain (one job per tick) and then calls an async
// function with a then(): the 'then' line shows how many ticks it took.

function ticks() {
  Promise.resolve()
    .then(() => console.log('tick 1'))
    .then(() => console.log('tick 2'))
    .then(() => console.log('tick 3'))
    .then(() => console.log('tick 4'));
}

async function returnValue() {
  return 'v';
}

async function returnAwait() {
  return await Promise.resolve('await p');
}

async function returnPromise() {
  return Promise.resolve('p');
}

const show = (v) => console.log('then:', v);

setTimeout(() => { console.log('-- return v: 1 job'); ticks(); returnValue().then(show); }, 10);
setTimeout(() => { console.log('-- return await p: 2 jobs'); ticks(); returnAwait().then(show); }, 20);
setTimeout(() => { console.log('-- return p: 3 jobs'); ticks(); returnPromise().then(show); }, 30);
