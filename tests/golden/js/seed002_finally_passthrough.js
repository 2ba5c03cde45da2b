// seed: 002_5ef30c3c6d938685.txt, finally生成一个新的Promise, pass-through (lines 342-351)
//
// let p1 = new Promise(() => {})
// let p2 = p1.finally(() => {})
// setTimeout(console.log, 0, p2)  // Promise {<pending>}
//
// let p3 = new Promise((resolve, reject) => {
//     resolve(3)
// })
// let p4 = p3.finally(() => {})
// setTimeout(console.log, 0, p3)  // Promise {<fulfilled>: 3}
// 复制代码
//
// Notes / changes:
//  - The seed logs p3 (the source), probably meaning p4; kept as in the seed and one line was ADDED to also log p4 (the finally result).

let p1 = new Promise(() => {})
let p2 = p1.finally(() => {})
setTimeout(console.log, 0, p2)  // Promise {<pending>}

let p3 = new Promise((resolve, reject) => {
    resolve(3)
})
let p4 = p3.finally(() => {})
setTimeout(console.log, 0, p3)  // Promise {<fulfilled>: 3}
setTimeout(console.log, 0, p4)  // added
