// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.finally(), "finally方法总是会返回原来的值" (lines 554-566)
//
// ```javascript
// // resolve 的值是 undefined
// Promise.resolve(2).then(() => {}, () => {})
//
// // resolve 的值是 2
// Promise.resolve(2).finally(() => {})
//
// // reject 的值是 undefined
// Promise.reject(3).then(() => {}, () => {})
//
// // reject 的值是 3
// Promise.reject(3).finally(() => {})
// ```
//
// Notes / changes:
//  - The seed has no output; observers were added to each of the four promises to print the value/reason stated in the seed comments (labels a..d).
//  - The rejected promises get a catch observer, so no unhandled rejection occurs.

// resolve 的值是 undefined
Promise.resolve(2).then(() => {}, () => {})
  .then(v => console.log('a fulfilled', v))

// resolve 的值是 2
Promise.resolve(2).finally(() => {})
  .then(v => console.log('b fulfilled', v))

// reject 的值是 undefined
Promise.reject(3).then(() => {}, () => {})
  .then(v => console.log('c fulfilled', v))

// reject 的值是 3
Promise.reject(3).finally(() => {})
  .catch(r => console.log('d rejected', r))
