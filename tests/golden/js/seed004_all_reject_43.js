// seed: 004_f21c699b2149fe05.txt, Promise.all() 方法, p2 rejects with 43 (lines 565-578)
//
// 	- let p1 = new Promise(function(resolve, reject) {
// 	      resolve(42);
// 	  });
// 	  let p2 = new Promise(function(resolve, reject) {
// 	      reject(43);
// 	  });
// 	  let p3 = new Promise(function(resolve, reject) {
// 	      resolve(44);
// 	  });
// 	  let p4 = Promise.all([p1, p2, p3]);
// 	  p4.catch(function(value) {
// 	      console.log(Array.isArray(value))
// 	      console.log(value);
// 	  });
//
// Notes / changes:
//  - Unchanged.

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
let p2 = new Promise(function(resolve, reject) {
    reject(43);
});
let p3 = new Promise(function(resolve, reject) {
    resolve(44);
});
let p4 = Promise.all([p1, p2, p3]);
p4.catch(function(value) {
    console.log(Array.isArray(value))
    console.log(value);
});
