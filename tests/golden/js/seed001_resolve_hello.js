// seed: 001_66989741f3e9a8d9.txt, ## Promise.resolve(), (3) plain value (lines 899-906)
//
// ```javascript
// const p = Promise.resolve('Hello');
//
// p.then(function (s) {
//   console.log(s)
// });
// // Hello
// ```
//
// Notes / changes:
//  - Unchanged.

const p = Promise.resolve('Hello');

p.then(function (s) {
  console.log(s)
});
// Hello
