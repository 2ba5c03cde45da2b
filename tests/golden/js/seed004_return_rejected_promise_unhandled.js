// seed: 004_f21c699b2149fe05.txt, 在 Promise 链中返回 Promise, return p2 (rejected), no rejection handler (lines 496-504)
//
// 	- let p1 = new Promise(function(resolve, reject) {
// 	      resolve(42);
// 	  });
// 	  let p2 = new Promise(function(resolve, reject) {
// 	      reject(43);
// 	  });
// 	  p1.then(function(value) { // 第一个完成处理函数 console.log(value); return p2;
// 	  }).then(function(value) { // 第二个完成处理函数 console.log(value);
// 	  });
//
// Notes / changes:
//  - Line breaks restored: in the seed (PDF extraction) the code after `// 第一个完成处理函数` / `// 第二个完成处理函数` landed on the comment line, which would make the handlers empty; the statements are put back on their own lines as the prose/expected output intends.
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead. The seed only says the second handler is never called; in Node the rejection 43 also surfaces as an unhandled rejection of the last promise in the chain.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
let p2 = new Promise(function(resolve, reject) {
    reject(43);
});
p1.then(function(value) { // 第一个完成处理函数
    console.log(value);
    return p2;
}).then(function(value) { // 第二个完成处理函数
    console.log(value);
});
