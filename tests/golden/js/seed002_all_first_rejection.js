// seed: 002_5ef30c3c6d938685.txt, Promise.all(), first rejection wins (lines 710-723)
//
// let p1 = Promise.all([
//     3,
//     Promise.reject(6),
//     new Promise((resolve, reject) => {
//         reject(9)
//     })
// ])
// let p2 = p1.catch(err => {
//     console.log(err)
// })
// setTimeout(console.log, 0, p1)
// // 6
// // Promise {<rejected>: 6}
// 复制代码
//
// Notes / changes:
//  - Unchanged.

let p1 = Promise.all([
    3,
    Promise.reject(6),
    new Promise((resolve, reject) => {
        reject(9)
    })
])
let p2 = p1.catch(err => {
    console.log(err)
})
setTimeout(console.log, 0, p1)
// 6
// Promise {<rejected>: 6}
