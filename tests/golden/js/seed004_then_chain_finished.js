// seed: 004_f21c699b2149fe05.txt, 串联 Promise, 42 / Finished (lines 381-392)
//
// #### let p1 = new Promise(function(resolve, reject) {
//       resolve(42);
//   });
//   p1.then(function(value) {
//       console.log(value);
//   }).then(function() {
//       console.log("Finished");
//   });
//
// #### 代码输出:
//   42
//   Finished
//
// Notes / changes:
//  - Unchanged. The unchained variant (lines 396-404) is the same job sequence and is not duplicated.

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
p1.then(function(value) {
    console.log(value);
}).then(function() {
    console.log("Finished");
});
