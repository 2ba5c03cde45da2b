// seed: 004_f21c699b2149fe05.txt, Node.js 的拒绝处理, unhandledRejection (lines 275-280)
//
// 			- let rejected;
// 			  process.on("unhandledRejection", function(reason, promise) {
// 			      console.log(reason.message);            // "Explosion!"
// 			      console.log(rejected === promise);      // true
// 			  });
// 			  rejected = Promise.reject(new Error("Explosion!"));
//
// Notes / changes:
//  - Unchanged (already installs an unhandledRejection listener).

let rejected;
process.on("unhandledRejection", function(reason, promise) {
    console.log(reason.message);            // "Explosion!"
    console.log(rejected === promise);      // true
});
rejected = Promise.reject(new Error("Explosion!"));
