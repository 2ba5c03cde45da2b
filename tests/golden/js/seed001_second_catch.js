// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.catch(), second catch() catches the first (lines 473-485)
//
// ```javascript
// someAsyncThing().then(function() {
//   return someOtherAsyncThing();
// }).catch(function(error) {
//   console.log('oh no', error);
//   // 下面一行会报错，因为y没有声明
//   y + 2;
// }).catch(function(error) {
//   console.log('carry on', error);
// });
// // oh no [ReferenceError: x is not defined]
// // carry on [ReferenceError: y is not defined]
// ```
//
// Notes / changes:
//  - someAsyncThing is defined as in the previous seed example (lines 452-457).
//  - console.log(..., error) -> String(error).

const someAsyncThing = function() {
  return new Promise(function(resolve, reject) {
    // 下面一行会报错，因为x没有声明
    resolve(x + 2);
  });
};

someAsyncThing().then(function() {
  return someOtherAsyncThing();
}).catch(function(error) {
  console.log('oh no', String(error));
  // 下面一行会报错，因为y没有声明
  y + 2;
}).catch(function(error) {
  console.log('carry on', String(error));
});
// oh no [ReferenceError: x is not defined]
// carry on [ReferenceError: y is not defined]
