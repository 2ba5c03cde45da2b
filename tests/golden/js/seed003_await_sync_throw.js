// seed: 003_2e89c9f667f085b1.txt, 4.2 await, await (() => { throw 3 })() (lines 427-456)
//
// async function foo() {
//     console.log(1)
//     await (() => { throw 3 })()
// }
// // 给返回的Promise添加一个拒绝处理程序
// foo().catch(console.log)
// console.log(2)
// // 1
// // 2
// // 3
// console.log(foo())
// // Promise<rejected>: 3
// // Uncaught (in promise) 3
//
// async function bar() {
//     try {
//         console.log(1)
//         await(() => throw 3)()
//     } catch (err) {
//         console.log(err)
//     }
// }
// let p = foo()
// console.log(2)
// setTimeout(console.log, 0, p)
// // 1
// // 3
// // 2
// // Promise<fulfilled>: undefined
// ```
//
// Notes / changes:
//  - Syntax fixed: `await(() => throw 3)()` -> `await (() => { throw 3 })()` in bar.
//  - Logic kept: the seed calls foo() (not bar()) for `let p`, so bar is never run; see seed003_await_sync_throw_bar.js for the bar() variant the seed output describes.
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.
//  - NODE DIFFERS FROM SEED COMMENTS: because the throw happens while evaluating the await operand (before any await), foo() returns an already-rejected promise; the trailing comments (1 3 2 fulfilled) describe bar(), not foo().

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

async function foo() {
    console.log(1)
    await (() => { throw 3 })()
}
// 给返回的Promise添加一个拒绝处理程序
foo().catch(console.log)
console.log(2)
// 1
// 2
// 3
console.log(foo()) 
// Promise<rejected>: 3
// Uncaught (in promise) 3

async function bar() {
    try {
        console.log(1)
        await (() => { throw 3 })()
    } catch (err) {
        console.log(err)
    }
}
let p = foo()
console.log(2)
setTimeout(console.log, 0, p)
// 1
// 3
// 2
// Promise<fulfilled>: undefined
