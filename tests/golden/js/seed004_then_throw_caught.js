// seed: 004_f21c699b2149fe05.txt, 捕获错误, then throws Boom! (lines 412-419)
//
// #### let p1 = new Promise(function(resolve, reject) {
//       resolve(42);
//   });
//   p1.then(function(value) {
//       throw new Error("Boom!");
//   }).catch(function(error) {
//       console.log(error.message);
//   });
//
// Notes / changes:
//  - Unchanged.

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
p1.then(function(value) {
    throw new Error("Boom!");
}).catch(function(error) {
    console.log(error.message);
});
