// seed: 004_f21c699b2149fe05.txt, Node.js 的拒绝处理, rejectionHandled (lines 286-296)
//
// 			- let rejected;
// 			  process.on("rejectionHandled", function(promise) {
// 			      console.log(rejected === promise); // true
// 			  });
// 			  rejected = Promise.reject(new Error("Explosion!"));
//
// 			  // 延迟添加拒绝处理函数
// 			  setTimeout(function() {
// 			      rejected.catch(function(value) {
// 			          console.log(value.message); // "Explosion!"
// 			  }, 1000);
//
// Notes / changes:
//  - Syntax fixed: the seed never closes rejected.catch(...) before `, 1000)`; restored as setTimeout(function() { rejected.catch(...); }, 1000).
//  - Without an unhandledRejection listener Node 20 exits before the timer fires (the rejection is unhandled for a turn); a listener printing 'unhandledRejection <message>' was added.
//  - Node trace note: the catch handler ("Explosion!") prints BEFORE the rejectionHandled listener ("true"): Node emits rejectionHandled only after the microtask queue has drained.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', r.message));

let rejected;
process.on("rejectionHandled", function(promise) {
    console.log(rejected === promise); // true
});
rejected = Promise.reject(new Error("Explosion!"));
  
// 延迟添加拒绝处理函数
setTimeout(function() {
    rejected.catch(function(value) {
        console.log(value.message); // "Explosion!"
    });
}, 1000);
