// seed: 002_5ef30c3c6d938685.txt, Promise正篇, resolve twice + reject are ignored (lines 115-123)
//
// let p = new Promise((resolve, reject) => {
//     setTimeout(() => {
//         resolve('第一次 resolve')
//         resolve('第二次 resolve')  // 将被忽略
//         reject('第一次 reject')  // 将被忽略
//     }, 0)
// })
// setTimeout(console.log, 1000, p)  // Promise {<fulfilled>: "第一次 resolve"}
// 复制代码
//
// Notes / changes:
//  - Unchanged. Node prints a promise as `Promise { '第一次 resolve' }` (util.inspect), not Chrome's `Promise {<fulfilled>: ...}`.

let p = new Promise((resolve, reject) => {
    setTimeout(() => {
        resolve('第一次 resolve')
        resolve('第二次 resolve')  // 将被忽略
        reject('第一次 reject')  // 将被忽略
    }, 0)
})
setTimeout(console.log, 1000, p)  // Promise {<fulfilled>: "第一次 resolve"}
