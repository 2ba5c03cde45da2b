// seed: 001_66989741f3e9a8d9.txt, ## Promise.all(), members with their own catch (lines 623-640)
//
// ```javascript
// const p1 = new Promise((resolve, reject) => {
//   resolve('hello');
// })
// .then(result => result)
// .catch(e => e);
//
// const p2 = new Promise((resolve, reject) => {
//   throw new Error('报错了');
// })
// .then(result => result)
// .catch(e => e);
//
// Promise.all([p1, p2])
// .then(result => console.log(result))
// .catch(e => console.log(e));
// // ["hello", Error: 报错了]
// ```
//
// Notes / changes:
//  - Error.stackTraceLimit = 0 so that an Error nested inside a printed Promise/array is shown by Node as [Error: msg] (no stack, no file paths). The seed comment ["hello", Error: 报错了] is browser formatting; Node prints [ 'hello', [Error: 报错了] ].
//  - console.log(e) in the final catch -> String(e) (never reached).

Error.stackTraceLimit = 0;

const p1 = new Promise((resolve, reject) => {
  resolve('hello');
})
.then(result => result)
.catch(e => e);

const p2 = new Promise((resolve, reject) => {
  throw new Error('报错了');
})
.then(result => result)
.catch(e => e);

Promise.all([p1, p2])
.then(result => console.log(result))
.catch(e => console.log(String(e)));
// ["hello", Error: 报错了]
