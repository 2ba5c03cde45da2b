// seed: 002_5ef30c3c6d938685.txt, 基于onRejected生成一个新的Promise, p2..p7 (lines 288-317)
//
// let p1 = new Promise((resolve, reject) => {
//     reject(3)
// })
//
// // 没有 `onRejected` 处理程序时,会原样向后传,不过是新实例
// let p2 = p1.then(() => {})  s
// setTimeout(console.log, 0, p2)  // Promise {<rejected>: 3}
//
// // 返回值为undefined时
// let p3 = p1.then(null, () => {})
// setTimeout(console.log, 0, p3)  // Promise {<fulfilled>: undefined}
//
// // 返回值有实际值的时候
// let p4 = p1.then(null, () => 6)
// setTimeout(console.log, 0, p4)  // Promise {<fulfilled>: 6}
//
// // 当返回值是Promise时,会保留当前Promise
// let p5 = p1.then(null, () => Promise.reject())
// setTimeout(console.log, 0, p5)  // Promise {<rejected>: undefined}
//
// // 当遇到一个错误的时候
// let p6 = p1.then(null, () => {
//     throw new Error('error')
// })
// setTimeout(console.log, 0, p6)  // Promise {<rejected>: error}
//
// // 当返回值是一个错误时
// let p7 = p1.then(null, () => new Error('error'))
// setTimeout(console.log, 0, p7)  // Promise {<fulfilled>: Error: error}
// 复制代码
//
// Notes / changes:
//  - Removed the stray `s` after `p1.then(() => {})` on the p2 line (a SyntaxError in the seed).
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead. (p2, p5, p6 are rejected with no handler.)
//  - Error.stackTraceLimit = 0 so that an Error nested inside a printed Promise/array is shown by Node as [Error: msg] (no stack, no file paths).

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));
Error.stackTraceLimit = 0;

let p1 = new Promise((resolve, reject) => {
    reject(3)
})

// 没有 `onRejected` 处理程序时,会原样向后传,不过是新实例
let p2 = p1.then(() => {})
setTimeout(console.log, 0, p2)  // Promise {<rejected>: 3}

// 返回值为undefined时
let p3 = p1.then(null, () => {}) 
setTimeout(console.log, 0, p3)  // Promise {<fulfilled>: undefined} 

// 返回值有实际值的时候
let p4 = p1.then(null, () => 6) 
setTimeout(console.log, 0, p4)  // Promise {<fulfilled>: 6}

// 当返回值是Promise时,会保留当前Promise
let p5 = p1.then(null, () => Promise.reject()) 
setTimeout(console.log, 0, p5)  // Promise {<rejected>: undefined} 

// 当遇到一个错误的时候
let p6 = p1.then(null, () => {
    throw new Error('error')
}) 
setTimeout(console.log, 0, p6)  // Promise {<rejected>: error} 

// 当返回值是一个错误时
let p7 = p1.then(null, () => new Error('error')) 
setTimeout(console.log, 0, p7)  // Promise {<fulfilled>: Error: error} 
