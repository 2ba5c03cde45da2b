// seed: 002_5ef30c3c6d938685.txt, 基于onResolved生成一个新的Promise, p1.then() (lines 257-262)
//
// let p1 = new Promise((resolve, reject) => {
//     resolve(3)
// })
// let p2 = p1.then()
// setTimeout(console.log, 0, p2)  // Promise {<fulfilled>: 3}
// 复制代码
//
// Notes / changes:
//  - Unchanged.

let p1 = new Promise((resolve, reject) => {
    resolve(3)
})
let p2 = p1.then()
setTimeout(console.log, 0, p2)  // Promise {<fulfilled>: 3}
