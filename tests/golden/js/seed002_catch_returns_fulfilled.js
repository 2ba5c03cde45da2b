// seed: 002_5ef30c3c6d938685.txt, Promise与错误处理, p1.catch -> fulfilled p2 (lines 568-580)
//
// let p1 = new Promise((resolve, reject) => {
//     console.log('A')
//     throw new Error('error')
//     console.log('B')
// })
// let p2 = p1.catch((err) => {
//     console.log(err)
// })
// setTimeout(console.log, 0, p2)
// // A
// // Error: error
// // Promise {<fulfilled>: undefined}
// 复制代码
//
// Notes / changes:
//  - console.log(err) -> console.log(String(err)).

let p1 = new Promise((resolve, reject) => {
    console.log('A')
    throw new Error('error')
    console.log('B')
})
let p2 = p1.catch((err) => {
    console.log(String(err))
}) 
setTimeout(console.log, 0, p2)
// A
// Error: error
// Promise {<fulfilled>: undefined}
