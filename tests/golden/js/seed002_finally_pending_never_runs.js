// seed: 002_5ef30c3c6d938685.txt, Promise.prototype.finally(), onFinally on a never-settled promise (lines 205-211)
//
// function onFinally() {
//     console.log(888)  // 并不会执行
// }
// new Promise((resolve, reject) => {
//
// }).finally(onFinally)
// 复制代码
//
// Notes / changes:
//  - Unchanged. Expected output is empty: onFinally must never run.

function onFinally() {
    console.log(888)  // 并不会执行  
}
new Promise((resolve, reject) => {
    
}).finally(onFinally)
