// rule: await of a promise or of a plain value resumes after one job; await of a thenable after two
//
// Each timer starts a tick chain (one job per tick) and then an async
// function: the line 'resumed' shows after how many ticks its await returned.

function ticks() {
  Promise.resolve()
    .then(() => console.log('tick 1'))
    .then(() => console.log('tick 2'))
    .then(() => console.log('tick 3'));
}

async function awaitPromise() {
  await Promise.resolve('p');
  console.log('resumed');
}

async function awaitValue() {
  await 'v';
  console.log('resumed');
}

const thenable = { then(resolve) { resolve('t'); } };

async function awaitThenable() {
  await thenable;
  console.log('resumed');
}

setTimeout(() => { console.log('-- await a promise: after 1 job'); ticks(); awaitPromise(); }, 10);
setTimeout(() => { console.log('-- await a plain value: after 1 job'); ticks(); awaitValue(); }, 20);
setTimeout(() => { console.log('-- await a thenable: after 2 jobs'); ticks(); awaitThenable(); }, 30);
