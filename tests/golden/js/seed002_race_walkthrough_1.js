// seed: 002_5ef30c3c6d938685.txt, Promise.race(), first walk-through [3, reject(6), resolve(9).then(log)] (lines 729-745)
//
// let p1 = Promise.race([
//     3,
//     Promise.reject(6),
//     new Promise((resolve, reject) => {
//         resolve(9)
//     }).then(res => {
//         console.log(res)
//     })
// ])
// let p2 = p1.then(res => {
//     console.log(err)
// })
// setTimeout(console.log, 0, p1)
// // 9
// // 3
// // Promise {<fulfilled>: 3}
// 复制代码
//
// Notes / changes:
//  - Logic unchanged. The p2 handler calls console.log(err) but its parameter is named res, so it throws ReferenceError: err is not defined and p2 rejects unhandled.
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.
//  - NODE DIFFERS FROM SEED COMMENT: the seed expects "9, 3, Promise {<fulfilled>: 3}". Node prints 9, then an unhandled rejection "ReferenceError: err is not defined" (3 is never printed), then Promise { 3 }.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

let p1 = Promise.race([
    3,
    Promise.reject(6),
    new Promise((resolve, reject) => {
        resolve(9)
    }).then(res => {
        console.log(res)
    })
])
let p2 = p1.then(res => {
    console.log(err)
})
setTimeout(console.log, 0, p1)
// 9
// 3
// Promise {<fulfilled>: 3}
