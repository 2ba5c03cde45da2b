// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.catch(), someAsyncThing without catch + setTimeout 123 (lines 368-383)
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
//   console.log('everything is great');
// });
//
// setTimeout(() => { console.log(123) }, 2000);
// // Uncaught (in promise) ReferenceError: x is not defined
// // 123
// ```
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead. (The seed describes the browser, which logs "Uncaught (in promise)" and continues; Node 20 would otherwise exit with code 1 before printing 123.)

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

const someAsyncThing = function() {
  return new Promise(function(resolve, reject) {
    // 下面一行会报错，因为x没有声明
    resolve(x + 2);
  });
};

someAsyncThing().then(function() {
  console.log('everything is great');
});

setTimeout(() => { console.log(123) }, 2000);
// Uncaught (in promise) ReferenceError: x is not defined
// 123
