// seed: 002_5ef30c3c6d938685.txt, Promise.all(), ["3", undefined, 6] (lines 684-695)
//
// let p1 = Promise.all([
//     Promise.resolve('3'),
//     Promise.resolve(),
//     6
// ])
// let p2 = p1.then(res => {
//     console.log(res)
// })
// setTimeout(console.log, 0, p1)
// // ["3", undefined, 6]
// // Promise {<fulfilled>: Array(3)}
// 复制代码
//
// Notes / changes:
//  - Unchanged.

let p1 = Promise.all([
    Promise.resolve('3'),
    Promise.resolve(),
    6
])
let p2 = p1.then(res => {
    console.log(res)
})
setTimeout(console.log, 0, p1)
// ["3", undefined, 6]
// Promise {<fulfilled>: Array(3)}
