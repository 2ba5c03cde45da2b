// seed: 001_66989741f3e9a8d9.txt, ## Promise.allSettled(), [resolved(42), rejected(-1)] (lines 731-744)
//
// ```javascript
// const resolved = Promise.resolve(42);
// const rejected = Promise.reject(-1);
//
// const allSettledPromise = Promise.allSettled([resolved, rejected]);
//
// allSettledPromise.then(function (results) {
//   console.log(results);
// });
// // [
// //    { status: 'fulfilled', value: 42 },
// //    { status: 'rejected', reason: -1 }
// // ]
// ```
//
// Notes / changes:
//  - Unchanged.

const resolved = Promise.resolve(42);
const rejected = Promise.reject(-1);

const allSettledPromise = Promise.allSettled([resolved, rejected]);

allSettledPromise.then(function (results) {
  console.log(results);
});
// [
//    { status: 'fulfilled', value: 42 },
//    { status: 'rejected', reason: -1 }
// ]
