// seed: 002_5ef30c3c6d938685.txt, 基于onResolved生成一个新的Promise, p2 = p1.then(() => 6) (lines 243-249)
//
// let p1 = new Promise((resolve, reject) => {
//     resolve(3)
// })
// let p2 = p1.then(() => 6)
// setTimeout(console.log, 0, p1)  // Promise {<fulfilled>: 3}
// setTimeout(console.log, 0, p2)  // Promise {<fulfilled>: 6}
// 复制代码
//
// Notes / changes:
//  - Unchanged. Node format: Promise { 3 } / Promise { 6 }.

let p1 = new Promise((resolve, reject) => {
    resolve(3)
})
let p2 = p1.then(() => 6)
setTimeout(console.log, 0, p1)  // Promise {<fulfilled>: 3}
setTimeout(console.log, 0, p2)  // Promise {<fulfilled>: 6}
