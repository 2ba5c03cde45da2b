// seed: 003_2e89c9f667f085b1.txt, 4.2 await, throw without await (lines 479-487)
//
// async function foo() {
//     throw 1
// }
// let p = foo()
// console.log(p)
// p.catch(console.log)
// // Promise<rejected>: 1
// // 1
// ```
//
// Notes / changes:
//  - Unchanged.

async function foo() {
    throw 1
}
let p = foo()
console.log(p)
p.catch(console.log)
// Promise<rejected>: 1
// 1
