// rule: an async function's body runs synchronously, inside the call, until its first await
//
// The call returns the function's promise (still pending) only once the body
// reaches await; the rest of the body runs one job later.

async function f() {
  console.log('f: before await');
  await null;
  console.log('f: after await');
}

console.log('before call');
const p = f();
console.log('after call');
console.log(p);
