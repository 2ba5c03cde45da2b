// seed: 001_66989741f3e9a8d9.txt, ## Promise.resolve(), one/two/three (lines 928-942)
//
// ```javascript
// setTimeout(function () {
//   console.log('three');
// }, 0);
//
// Promise.resolve().then(function () {
//   console.log('two');
// });
//
// console.log('one');
//
// // one
// // two
// // three
// ```
//
// Notes / changes:
//  - Unchanged.

setTimeout(function () {
  console.log('three');
}, 0);

Promise.resolve().then(function () {
  console.log('two');
});

console.log('one');

// one
// two
// three
