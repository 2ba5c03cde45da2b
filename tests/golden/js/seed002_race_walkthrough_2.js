// seed: 002_5ef30c3c6d938685.txt, Promise.race(), second walk-through with init() (lines 749-775)
//
// function init(){
//     console.log(3)
//     return 3
// }
// let p1 = Promise.race([
//     new Promise((resolve, reject) => {
//         resolve(9)
//     }).then(res => {
//         console.log(res)
//         return 'A'
//     }),
//     new Promise((resolve, reject) => {
//         reject(6)
//     }),
//     init(),
// ])
// let p2 = p1.then(res => {
//     console.log(res)
// }, err => {
//     console.log(err)
// })
// setTimeout(console.log, 0, p1)
// // 3
// // 9
// // 6
// // Promise {<rejected>: 6}
// 复制代码
//
// Notes / changes:
//  - Unchanged.

function init(){
    console.log(3)
    return 3
}
let p1 = Promise.race([
    new Promise((resolve, reject) => {
        resolve(9)
    }).then(res => {
        console.log(res)
        return 'A'
    }),
    new Promise((resolve, reject) => {
        reject(6)
    }),
    init(),
])
let p2 = p1.then(res => {
    console.log(res)
}, err => {
    console.log(err)
})
setTimeout(console.log, 0, p1)
// 3
// 9
// 6
// Promise {<rejected>: 6}
