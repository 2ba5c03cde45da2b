// seed: 003_2e89c9f667f085b1.txt, 4.1 async, body runs synchronously (lines 274-281)
//
// async function foo() {
//     console.log(1)
// }
// foo()
// console.log(2)
// // 1
// // 2
// ```
//
// Notes / changes:
//  - Unchanged.

async function foo() {
    console.log(1)
}
foo()
console.log(2)
// 1
// 2
