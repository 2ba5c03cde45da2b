// seed: 002_5ef30c3c6d938685.txt, Promise.resolve(), p === Promise.resolve(p) (lines 640-642)
//
// let p = Promise.resolve(3)
// setTimeout(console.log, 0, p === Promise.resolve(p))  // true
// 复制代码
//
// Notes / changes:
//  - Unchanged.

let p = Promise.resolve(3)
setTimeout(console.log, 0, p === Promise.resolve(p))  // true
