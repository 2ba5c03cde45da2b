// seed: 004_f21c699b2149fe05.txt, 在 Promise 链中返回 Promise, return p2 (fulfilled) (lines 468-476)
//
// #### let p1 = new Promise(function(resolve, reject) {
//       resolve(42);
//   });
//   let p2 = new Promise(function(resolve, reject) {
//       resolve(43);
//   });
//   p1.then(function(value) { // 第一个完成处理函数 console.log(value); return p2;
//   }).then(function(value) { // 第二个完成处理函数 console.log(value);
//   });
//
// Notes / changes:
//  - Line breaks restored: in the seed (PDF extraction) the code after `// 第一个完成处理函数` / `// 第二个完成处理函数` landed on the comment line, which would make the handlers empty; the statements are put back on their own lines as the prose/expected output intends.
//  - The p3 variant (lines 481-492) is the same logic and is not duplicated.

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
let p2 = new Promise(function(resolve, reject) {
    resolve(43);
});
p1.then(function(value) { // 第一个完成处理函数
    console.log(value);
    return p2;
}).then(function(value) { // 第二个完成处理函数
    console.log(value);
});
