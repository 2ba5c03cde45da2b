// seed: 004_f21c699b2149fe05.txt, Promise.race() 方法, "使用拒绝的范例" p2 = Promise.reject(43) (lines 599-609)
//
// 		- let p1 = new Promise(function(resolve, reject) {
// 		      resolve(42);
// 		  });
// 		  let p2 = Promise.reject(43);
// 		  let p3 = new Promise(function(resolve, reject) {
// 		      resolve(44);
// 		  });
// 		  let p4 = Promise.race([p1, p2, p3]);
// 		  p4.catch(function(value) {
// 		      console.log(value);     // 43
// 		  });
//
// Notes / changes:
//  - Unchanged.
//  - NODE DIFFERS FROM SEED COMMENT: p1 is already fulfilled (resolve(42) runs synchronously in its executor) and comes first in the array, so the race settles with 42 and the catch never runs: the expected output is EMPTY, not 43.

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
let p2 = Promise.reject(43);
let p3 = new Promise(function(resolve, reject) {
    resolve(44);
});
let p4 = Promise.race([p1, p2, p3]);
p4.catch(function(value) {
    console.log(value);     // 43
});
