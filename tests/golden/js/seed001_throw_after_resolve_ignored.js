// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.catch(), resolve("ok") then throw (lines 316-325)
//
// ```javascript
// const promise = new Promise(function(resolve, reject) {
//   resolve('ok');
//   throw new Error('test');
// });
// promise
//   .then(function(value) { console.log(value) })
//   .catch(function(error) { console.log(error) });
// // ok
// ```
//
// Notes / changes:
//  - console.log(error) -> console.log(String(error)) (never reached).

const promise = new Promise(function(resolve, reject) {
  resolve('ok');
  throw new Error('test');
});
promise
  .then(function(value) { console.log(value) })
  .catch(function(error) { console.log(String(error)) });
// ok
