// seed: 001_66989741f3e9a8d9.txt, ## Promise.resolve(), (2) thenable (lines 880-891)
//
// ```javascript
// let thenable = {
//   then: function(resolve, reject) {
//     resolve(42);
//   }
// };
//
// let p1 = Promise.resolve(thenable);
// p1.then(function (value) {
//   console.log(value);  // 42
// });
// ```
//
// Notes / changes:
//  - Unchanged.

let thenable = {
  then: function(resolve, reject) {
    resolve(42);
  }
};

let p1 = Promise.resolve(thenable);
p1.then(function (value) {
  console.log(value);  // 42
});
