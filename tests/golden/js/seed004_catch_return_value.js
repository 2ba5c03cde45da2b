// seed: 004_f21c699b2149fe05.txt, 在 Promise 链中返回值, catch returns value + 1 (lines 453-460)
//
// #### let p1 = new Promise(function(resolve, reject) {
//       reject(42);
//   });
//   p1.catch(function(value) { // 第一个完成处理函数 console.log(value); return value + 1;
//   }).then(function(value) { // 第二个完成处理函数 console.log(value);
//   });
//   // "42"
//   // "43"
//
// Notes / changes:
//  - Line breaks restored: in the seed (PDF extraction) the code after `// 第一个完成处理函数` / `// 第二个完成处理函数` landed on the comment line, which would make the handlers empty; the statements are put back on their own lines as the prose/expected output intends.

let p1 = new Promise(function(resolve, reject) {
    reject(42);
});
p1.catch(function(value) { // 第一个完成处理函数
    console.log(value);
    return value + 1;
}).then(function(value) { // 第二个完成处理函数
    console.log(value);
});
// "42"
// "43"
