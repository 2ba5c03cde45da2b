// seed: 003_2e89c9f667f085b1.txt, 4.2 await, Promise.reject(...).catch inside async without await (lines 492-500)
//
// async function foo() {
//     Promise.reject('foo')
//     .catch(console.log)
// }
// let p = foo()
// setTimeout(console.log, 0, p)
// // foo
// // Promise<fulfilled>: undefined
// ```
//
// Notes / changes:
//  - Unchanged.

async function foo() {
    Promise.reject('foo')
    .catch(console.log)
}
let p = foo()
setTimeout(console.log, 0, p)
// foo
// Promise<fulfilled>: undefined
