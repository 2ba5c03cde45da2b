// seed: 002_5ef30c3c6d938685.txt, Promise.all(), one member pending (lines 699-706)
//
// let p1 = Promise.all([
//     3,
//     Promise.resolve(6),
//     new Promise(() => {})
// ])
// setTimeout(console.log, 0, p1)
// // Promise {<pending>}
// 复制代码
//
// Notes / changes:
//  - Unchanged.

let p1 = Promise.all([
    3,
    Promise.resolve(6),
    new Promise(() => {})
])
setTimeout(console.log, 0, p1)
// Promise {<pending>}
