// seed: 003_2e89c9f667f085b1.txt, 4.1 async, throw 3 with foo().then(console.log) (lines 315-324)
//
// async function foo() {
//     console.log(1)
//     throw 3
// }
// foo().then(console.log)
// console.log(2)
// // 1
// // 2
// // 3
// ```
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.
//  - NODE DIFFERS FROM SEED COMMENT: the seed expects 3 to be printed, but it attaches only .then(console.log) (no rejection handler); the rejection 3 is unhandled, so Node prints 1, 2 and then reports an unhandled rejection.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

async function foo() {
    console.log(1)
    throw 3
}
foo().then(console.log)
console.log(2)
// 1
// 2
// 3
