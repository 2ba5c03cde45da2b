// seed: 003_2e89c9f667f085b1.txt, 4.1 async, return Promise.reject(3) with foo().then(console.log) (lines 343-352)
//
// async function foo() {
//     console.log(1)
//     return Promise.reject(3)
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
//  - NODE DIFFERS FROM SEED COMMENT: as above, only .then(console.log) is attached, so 3 is reported as an unhandled rejection instead of being printed by console.log.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

async function foo() {
    console.log(1)
    return Promise.reject(3)
}
foo().then(console.log)
console.log(2)
// 1
// 2
// 3
