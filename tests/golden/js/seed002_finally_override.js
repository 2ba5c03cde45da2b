// seed: 002_5ef30c3c6d938685.txt, finally生成一个新的Promise, finally returns pending / rejected / throws (lines 355-368)
//
// let p1 = new Promise((resolve, reject) => {
//     resolve(3)
// })
// let p2 = p1.finally(() => new Promise(() => {}))
// setTimeout(console.log, 0, p2)  // Promise {<pending>}
//
// let p3 = p1.finally(() => Promise.reject(6))
// setTimeout(console.log, 0, p3)  // Promise {<rejected>: 6}
//
// let p4 = p1.finally(() => {
//     throw new Error('error')
// })
// setTimeout(console.log, 0, p4)  // Promise {<rejected>: Error: error}
// 复制代码
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead. (p3, p4 have no handler.)
//  - Error.stackTraceLimit = 0 so that an Error nested inside a printed Promise/array is shown by Node as [Error: msg] (no stack, no file paths).

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));
Error.stackTraceLimit = 0;

let p1 = new Promise((resolve, reject) => {
    resolve(3)
})
let p2 = p1.finally(() => new Promise(() => {}))
setTimeout(console.log, 0, p2)  // Promise {<pending>}

let p3 = p1.finally(() => Promise.reject(6))
setTimeout(console.log, 0, p3)  // Promise {<rejected>: 6}

let p4 = p1.finally(() => {
    throw new Error('error')
})
setTimeout(console.log, 0, p4)  // Promise {<rejected>: Error: error}
