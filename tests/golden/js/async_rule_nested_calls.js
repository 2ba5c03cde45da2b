// rule: an async function awaiting another async function's promise resumes one job after it settles
//
// The tick chain counts jobs: inner settles at job 1, outer resumes at job 2,
// and outer's caller sees its result at job 3.

async function inner() {
  console.log('inner: start');
  await null;
  console.log('inner: after await');
  return 'inner result';
}

async function outer() {
  console.log('outer: start');
  const v = await inner();
  console.log('outer: got', v);
  return v + '!';
}

Promise.resolve()
  .then(() => console.log('tick 1'))
  .then(() => console.log('tick 2'))
  .then(() => console.log('tick 3'))
  .then(() => console.log('tick 4'));
outer().then((v) => console.log('then:', v));
console.log('sync end');
