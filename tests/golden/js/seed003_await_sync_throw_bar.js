// seed: 003_2e89c9f667f085b1.txt, 4.2 await, bar() with try/catch (variant) (lines 441-456)
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
//  - VARIANT: the seed code calls foo() here, but its expected output (1 3 2 fulfilled) is what bar() produces; this file runs bar() as evidently intended.
//  - Syntax fixed: `await(() => throw 3)()` -> `await (() => { throw 3 })()`.

async function bar() {
    try {
        console.log(1)
        await (() => { throw 3 })()
    } catch (err) {
        console.log(err)
    }
}
let p = bar()   // seed: foo()
console.log(2)
setTimeout(console.log, 0, p)
// 1
// 3
// 2
// Promise<fulfilled>: undefined
