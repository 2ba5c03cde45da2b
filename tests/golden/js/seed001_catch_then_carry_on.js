// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.catch(), catch then "carry on" (lines 415-432)
//
// ```javascript
// const someAsyncThing = function() {
//   return new Promise(function(resolve, reject) {
//     // 下面一行会报错，因为x没有声明
//     resolve(x + 2);
//   });
// };
//
// someAsyncThing()
// .catch(function(error) {
//   console.log('oh no', error);
// })
// .then(function() {
//   console.log('carry on');
// });
// // oh no [ReferenceError: x is not defined]
// // carry on
// ```
//
// Notes / changes:
//  - console.log('oh no', error) -> console.log('oh no', String(error)).

const someAsyncThing = function() {
  return new Promise(function(resolve, reject) {
    // 下面一行会报错，因为x没有声明
    resolve(x + 2);
  });
};

someAsyncThing()
.catch(function(error) {
  console.log('oh no', String(error));
})
.then(function() {
  console.log('carry on');
});
// oh no [ReferenceError: x is not defined]
// carry on
