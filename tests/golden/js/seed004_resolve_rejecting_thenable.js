// seed: 004_f21c699b2149fe05.txt, 非 Promise 的 Thenable, thenable calling reject(42) (lines 217-225)
//
// - let thenable = {
//       then: function(resolve, reject) {
//           reject(42);
//       }
//   };
//   let p1 = Promise.resolve(thenable);
//   p1.catch(function(value) {
//       console.log(value);     // 42
//   });
//
// Notes / changes:
//  - Unchanged.

let thenable = {
    then: function(resolve, reject) {
        reject(42);
    }
};
let p1 = Promise.resolve(thenable);
p1.catch(function(value) {
    console.log(value);     // 42
});
