// seed: 001_66989741f3e9a8d9.txt, ## Promise.any(), resolved/rejected/alsoRejected (lines 828-840)
//
// ```javascript
// var resolved = Promise.resolve(42);
// var rejected = Promise.reject(-1);
// var alsoRejected = Promise.reject(Infinity);
//
// Promise.any([resolved, rejected, alsoRejected]).then(function (result) {
//   console.log(result); // 42
// });
//
// Promise.any([rejected, alsoRejected]).catch(function (results) {
//   console.log(results); // [-1, Infinity]
// });
// ```
//
// Notes / changes:
//  - console.log(results) in the catch printed an AggregateError object (stack trace in Node); changed to print String(results) and results.errors.
//  - NODE DIFFERS FROM SEED COMMENT: the catch receives an AggregateError, not the array [-1, Infinity]; the array is its .errors property.

var resolved = Promise.resolve(42);
var rejected = Promise.reject(-1);
var alsoRejected = Promise.reject(Infinity);

Promise.any([resolved, rejected, alsoRejected]).then(function (result) {
  console.log(result); // 42
});

Promise.any([rejected, alsoRejected]).catch(function (results) {
  console.log(String(results));
  console.log(results.errors); // [-1, Infinity]
});
