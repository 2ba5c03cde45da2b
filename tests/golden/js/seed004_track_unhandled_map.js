// seed: 004_f21c699b2149fe05.txt, Node.js 的拒绝处理, possiblyUnhandledRejections map + setInterval (lines 302-316)
//
// 			- let possiblyUnhandledRejections = new Map();
// 			  // 当一个拒绝未被处理,将其添加到 map
// 			  process.on("unhandledRejection", function(reason, promise) {
// 			      possiblyUnhandledRejections.set(promise, reason);
// 			  });
// 			  process.on("rejectionHandled", function(promise) {
// 			      possiblyUnhandledRejections.delete(promise);
// 			  });
// 			  setInterval(function() {
// 			  possiblyUnhandledRejections.forEach(function(reason, promise) { console.log(reason.message ? reason.message : reason);
// 			  // 做点事来处理这些拒绝
// 			          handleRejection(promise, reason);
// 			      });
// 			      possiblyUnhandledRejections.clear();
// 			  }, 60000);
//
// Notes / changes:
//  - The seed creates no rejection and runs an endless 60 s interval. Changes: the interval is scaled down to 600 ms and cleared after its first run (so the file terminates); two rejections are added to be tracked: "Explosion!" (never handled) and "Late" (handled after 300 ms, so rejectionHandled removes it from the map); handleRejection is defined to print a line.

function handleRejection(promise, reason) { console.log('handleRejection called'); }   // added stub

let possiblyUnhandledRejections = new Map();
// 当一个拒绝未被处理,将其添加到 map
process.on("unhandledRejection", function(reason, promise) {
    possiblyUnhandledRejections.set(promise, reason);
});
process.on("rejectionHandled", function(promise) {
    possiblyUnhandledRejections.delete(promise);
});
const timer = setInterval(function() {
possiblyUnhandledRejections.forEach(function(reason, promise) { console.log(reason.message ? reason.message : reason);
// 做点事来处理这些拒绝
        handleRejection(promise, reason);
    });
    possiblyUnhandledRejections.clear();
    clearInterval(timer);   // added: run once
}, 600);                    // was 60000

// added: one rejection that stays unhandled, one handled late
Promise.reject(new Error("Explosion!"));
const late = Promise.reject("Late");
setTimeout(() => late.catch(() => console.log('Late handled')), 300);
