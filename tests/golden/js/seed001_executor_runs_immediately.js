// seed: 001_66989741f3e9a8d9.txt, ## 基本用法, "Promise 新建后就会立即执行" (lines 75-90)
//
// ```javascript
// let promise = new Promise(function(resolve, reject) {
//   console.log('Promise');
//   resolve();
// });
//
// promise.then(function() {
//   console.log('resolved.');
// });
//
// console.log('Hi!');
//
// // Promise
// // Hi!
// // resolved
// ```
//
// Notes / changes:
//  - Unchanged. (Seed comment says "resolved"; the code prints "resolved." with a dot.)

let promise = new Promise(function(resolve, reject) {
  console.log('Promise');
  resolve();
});

promise.then(function() {
  console.log('resolved.');
});

console.log('Hi!');

// Promise
// Hi!
// resolved
