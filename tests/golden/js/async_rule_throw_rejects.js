// rule: a throw before the first await or after an await rejects the function's promise, never the caller
//
// Neither call throws at the caller: both return a promise, which rejects.

async function throwBefore() {
  throw 'thrown before any await';
}

async function throwAfter() {
  await null;
  throw 'thrown after an await';
}

try {
  const p1 = throwBefore();
  console.log('call returned', p1);
  const p2 = throwAfter();
  console.log('call returned', p2);
  p1.catch((e) => console.log('p1 rejected:', e));
  p2.catch((e) => console.log('p2 rejected:', e));
} catch (e) {
  console.log('the caller caught', e); // never printed
}
