// seed: 004_f21c699b2149fe05.txt, Promise.race() 方法, p1 = Promise.resolve(42) (lines 584-594)
//
// 	- let p1 = Promise.resolve(42);
// 	  let p2 = new Promise(function(resolve, reject) {
// 	      resolve(43);
// 	  });
// 	  let p3 = new Promise(function(resolve, reject) {
// 	      resolve(44);
// 	  });
// 	  let p4 = Promise.race([p1, p2, p3]);
// 	  p4.then(function(value) {
// 	      console.log(value);     // 42
// 	  });
//
// Notes / changes:
//  - Unchanged.

let p1 = Promise.resolve(42);
let p2 = new Promise(function(resolve, reject) {
    resolve(43);
});
let p3 = new Promise(function(resolve, reject) {
    resolve(44);
});
let p4 = Promise.race([p1, p2, p3]);
p4.then(function(value) {
    console.log(value);     // 42
});
