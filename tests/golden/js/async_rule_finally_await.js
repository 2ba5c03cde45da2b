// rule: an await inside finally runs; then the try's outcome stands, unless the finally's await rejects
//
// keepsValue and keepsReason: the finally awaits and logs, and the original
// value / reason settles the promise.  finallyWins: the finally's rejection
// replaces the try's return value.

async function keepsValue() {
  try {
    return 'value';
  } finally {
    await null;
    console.log('keepsValue: finally ran');
  }
}

async function keepsReason() {
  try {
    await Promise.reject('reason');
  } finally {
    await null;
    console.log('keepsReason: finally ran');
  }
}

async function finallyWins() {
  try {
    return 'value';
  } finally {
    await Promise.reject('finally reason');
  }
}

keepsValue().then((v) => console.log('keepsValue fulfilled:', v));
keepsReason().catch((e) => console.log('keepsReason rejected:', e));
finallyWins().then((v) => console.log('never printed', v), (e) => console.log('finallyWins rejected:', e));
