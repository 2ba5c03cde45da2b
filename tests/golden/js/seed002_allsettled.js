// seed: 002_5ef30c3c6d938685.txt, Promise.allSettled(), [then(res => {}), reject(6), init()] (lines 791-813)
//
// function init(){
//     return 3
// }
// let p1 = Promise.allSettled([
//     new Promise((resolve, reject) => {
//         resolve(9)
//     }).then(res => {}),
//     new Promise((resolve, reject) => {
//         reject(6)
//     }),
//     init()
// ])
// let p2 = p1.then(res => {
//     console.log(res)
// }, err => {
//     console.log(err)
// })
// // [
// //      {status: "fulfilled", value: undefined},
// //      {status: "rejected", reason: 6},
// //      {status: "fulfilled", value: 3}
// // ]
// 复制代码
//
// Notes / changes:
//  - Unchanged.

function init(){
    return 3
}
let p1 = Promise.allSettled([
    new Promise((resolve, reject) => {
        resolve(9)
    }).then(res => {}),
    new Promise((resolve, reject) => {
        reject(6)
    }),
    init()
])
let p2 = p1.then(res => {
    console.log(res)
}, err => {
    console.log(err)
})
// [
//      {status: "fulfilled", value: undefined}, 
//      {status: "rejected", reason: 6}, 
//      {status: "fulfilled", value: 3}
// ]
