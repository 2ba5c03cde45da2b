// seed: 001_66989741f3e9a8d9.txt, ## Promise.all(), member without catch (lines 646-661)
//
// ```javascript
// const p1 = new Promise((resolve, reject) => {
//   resolve('hello');
// })
// .then(result => result);
//
// const p2 = new Promise((resolve, reject) => {
//   throw new Error('报错了');
// })
// .then(result => result);
//
// Promise.all([p1, p2])
// .then(result => console.log(result))
// .catch(e => console.log(e));
// // Error: 报错了
// ```
//
// Notes / changes:
//  - console.log(e) -> console.log(String(e)).

const p1 = new Promise((resolve, reject) => {
  resolve('hello');
})
.then(result => result);

const p2 = new Promise((resolve, reject) => {
  throw new Error('报错了');
})
.then(result => result);

Promise.all([p1, p2])
.then(result => console.log(result))
.catch(e => console.log(String(e)));
// Error: 报错了
