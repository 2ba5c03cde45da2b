// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.catch(), throw in executor (lines 278-286)
//
// ```javascript
// const promise = new Promise(function(resolve, reject) {
//   throw new Error('test');
// });
// promise.catch(function(error) {
//   console.log(error);
// });
// // Error: test
// ```
//
// Notes / changes:
//  - console.log(error) -> console.log(String(error)).

const promise = new Promise(function(resolve, reject) {
  throw new Error('test');
});
promise.catch(function(error) {
  console.log(String(error));
});
// Error: test
