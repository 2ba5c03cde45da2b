// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.catch(), catch() throws (y + 2) (lines 451-469)
//
// ```javascript
// const someAsyncThing = function() {
//   return new Promise(function(resolve, reject) {
//     // 下面一行会报错，因为x没有声明
//     resolve(x + 2);
//   });
// };
//
// someAsyncThing().then(function() {
//   return someOtherAsyncThing();
// }).catch(function(error) {
//   console.log('oh no', error);
//   // 下面一行会报错，因为 y 没有声明
//   y + 2;
// }).then(function() {
//   console.log('carry on');
// });
// // oh no [ReferenceError: x is not defined]
// ```
//
// Notes / changes:
//  - console.log('oh no', error) -> String(error).
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead. The seed says the error "不会被捕获，也不会传递到外层" (browser); in Node it is reported as an unhandled rejection.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

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
  // 下面一行会报错，因为 y 没有声明
  y + 2;
}).then(function() {
  console.log('carry on');
});
// oh no [ReferenceError: x is not defined]
