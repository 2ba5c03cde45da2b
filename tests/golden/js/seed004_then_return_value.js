// seed: 004_f21c699b2149fe05.txt, 在 Promise 链中返回值, value + 1 (lines 441-449)
//
// #### let p1 = new Promise(function(resolve, reject) {
//       resolve(42);
//   });
//   p1.then(function(value) {
//       console.log(value);
//       return value + 1;
//   }).then(function(value) {
//       console.log(value);
//   });
//
// Notes / changes:
//  - Unchanged.

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
p1.then(function(value) {
    console.log(value);
    return value + 1;
}).then(function(value) {
    console.log(value);
});
