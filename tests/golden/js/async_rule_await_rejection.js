// rule: a rejected await throws inside the body: caught by try/catch, or propagated to the function's promise
//
// caught() handles the rejection and goes on; propagated() does not, so its
// promise rejects with the very same error object.

const err = new Error('r2');

async function caught() {
  try {
    await Promise.reject('r1');
    console.log('never printed');
  } catch (e) {
    console.log('caught in the body:', e);
  }
  return 'recovered';
}

async function propagated() {
  await Promise.reject(err);
  console.log('never printed');
}

caught().then((v) => console.log('caught() fulfilled:', v));
propagated().catch((e) => console.log('propagated() rejected:', e.message, e === err));
