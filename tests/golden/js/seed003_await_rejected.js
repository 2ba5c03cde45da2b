// seed: 003_2e89c9f667f085b1.txt, 4.2 await, await Promise.reject(3) (lines 461-474)
//
// async function foo() {
//     console.log(1)
//     await Promise.reject(3)
//     console.log(4) //这行不会执行,因为在上一行隐式执行了return
// }
// foo().catch(console.log)
// console.log(2)
// // 1
// // 2
// // 3 (异步执行)
// console.log(foo())
// // Promise<rejected>: 3
// // Uncaught (in promise) 3
// ```
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.
//  - NODE DIFFERS FROM SEED COMMENT: console.log(foo()) prints Promise { <pending> } (foo is suspended at await), not <rejected>; the rejection is then reported as unhandled.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

async function foo() {
    console.log(1)
    await Promise.reject(3)
    console.log(4) //这行不会执行,因为在上一行隐式执行了return
}
foo().catch(console.log)
console.log(2)
// 1
// 2
// 3 (异步执行)
console.log(foo())
// Promise<rejected>: 3
// Uncaught (in promise) 3
