// seed: 004_f21c699b2149fe05.txt, 在 Promise 链中返回 Promise, create p2 inside the handler (lines 523-536)
//
// 		- let p1 = new Promise(function(resolve, reject) {
// 		      resolve(42);
// 		  });
// 		  p1.then(function(value) {
// 		      console.log(value);     // 42
// 		  // 创建一个新的 promise
// 		      let p2 = new Promise(function(resolve, reject) {
// 		          resolve(43);
// 		  });
// 		      return p2
// 		  }).then(function(value) {
// 		      console.log(value);
// 		  // 43
// 		  });
//
// Notes / changes:
//  - Unchanged.

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
p1.then(function(value) {
    console.log(value);     // 42
// 创建一个新的 promise
    let p2 = new Promise(function(resolve, reject) {
        resolve(43);
});
    return p2
}).then(function(value) {
    console.log(value);
// 43
});
