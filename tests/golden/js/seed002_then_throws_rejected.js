// seed: 002_5ef30c3c6d938685.txt, 基于onResolved生成一个新的Promise, onResolved throws (lines 275-282)
//
// let p1 = new Promise((resolve, reject) => {
//     resolve(3)
// })
// let p2 = p1.then(() => {
//     throw new Error('这是一个错误')}
// )
// setTimeout(console.log, 0, p2)  // Promise {<rejected>: 这是一个错误}
// 复制代码
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead. (p2 has no handler.)
//  - Error.stackTraceLimit = 0 so that an Error nested inside a printed Promise/array is shown by Node as [Error: msg] (no stack, no file paths).

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));
Error.stackTraceLimit = 0;

let p1 = new Promise((resolve, reject) => {
    resolve(3)
})
let p2 = p1.then(() => {
    throw new Error('这是一个错误')}
)
setTimeout(console.log, 0, p2)  // Promise {<rejected>: 这是一个错误}
