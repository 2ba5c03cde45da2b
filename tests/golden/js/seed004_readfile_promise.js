// seed: 004_f21c699b2149fe05.txt, 创建未决的 Promise, Node.js fs.readFile wrapped in a Promise (lines 105-125)
//
// - // Node.js 范例
//   let fs = require("fs");
//   function readFile(filename) {
//   return new Promise(function(resolve, reject) { // 触发异步操作
//           fs.readFile(filename, { encoding: "utf8" }, function(err, contents) {
//   // 检查错误
//               if (err) {
//                   reject(err);
//   return; }
//   // 读取成功
//               resolve(contents);
//   }); });
//   }
//   let promise = readFile("example.txt");
//   // 同时监听完成与拒绝
//   promise.then(function(contents) { // 完成
//       console.log(contents);
//   }, function(err) {
//   // 拒绝
//       console.error(err.message);
//   });
//
// Notes / changes:
//  - fs.readFile (real I/O, result depends on the file system) is replaced by a timer-based stand-in: a fake fs.readFile that calls back after 100 ms with (null, "example contents").
//  - console.error(err.message) -> console.log(err.message) (not reached).

// stand-in for require("fs"): fixed contents after 100 ms
let fs = { readFile(name, opts, cb) { setTimeout(cb, 100, null, 'example contents'); } };
function readFile(filename) {
return new Promise(function(resolve, reject) { // 触发异步操作
        fs.readFile(filename, { encoding: "utf8" }, function(err, contents) {
// 检查错误
            if (err) {
                reject(err);
return; }
// 读取成功
            resolve(contents);
}); });
}
let promise = readFile("example.txt");
// 同时监听完成与拒绝
promise.then(function(contents) { // 完成
    console.log(contents);
}, function(err) {
// 拒绝
    console.log(err.message);
});
