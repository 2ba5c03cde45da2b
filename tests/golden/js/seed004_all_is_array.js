// seed: 004_f21c699b2149fe05.txt, Promise.all() 方法, Array.isArray(value) (lines 549-561)
//
// 	- let p1 = new Promise(function(resolve, reject) {
// 	      resolve(42);
// 	  });
// 	  let p2 = new Promise(function(resolve, reject) {
// 	      resolve(43);
// 	  });
// 	  let p3 = new Promise(function(resolve, reject) {
// 	      resolve(44);
// 	  });
// 	  let p4 = Promise.all([p1, p2, p3]);
// 	  p4.then(function(value) {
// 	      console.log(Array.isArray(value));  // true
// 	  });
//
// Notes / changes:
//  - Unchanged.

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
let p2 = new Promise(function(resolve, reject) {
    resolve(43);
});
let p3 = new Promise(function(resolve, reject) {
    resolve(44);
});
let p4 = Promise.all([p1, p2, p3]);
p4.then(function(value) {
    console.log(Array.isArray(value));  // true
});
