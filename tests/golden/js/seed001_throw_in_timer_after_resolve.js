// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.catch(), resolve("ok") + setTimeout(throw) (lines 401-409)
//
// ```javascript
// const promise = new Promise(function (resolve, reject) {
//   resolve('ok');
//   setTimeout(function () { throw new Error('test') }, 0)
// });
// promise.then(function (value) { console.log(value) });
// // ok
// // Uncaught Error: test
// ```
//
// Notes / changes:
//  - The error is thrown from a timer callback, i.e. an uncaught exception (not a rejection): Node would print a stack trace and exit 1. An 'uncaughtException' listener prints the message to stdout instead.

process.on('uncaughtException', (e) => console.log('uncaughtException', String(e)));

const promise = new Promise(function (resolve, reject) {
  resolve('ok');
  setTimeout(function () { throw new Error('test') }, 0)
});
promise.then(function (value) { console.log(value) });
// ok
// Uncaught Error: test
