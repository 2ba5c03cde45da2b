// seed: 003_2e89c9f667f085b1.txt, 4.1 async, Promise.reject(3) inside without await/return (lines 329-338)
//
// async function foo() {
//     console.log(1)
//     Promise.reject(3)
// }
// foo().catch(console.log)
// console.log(2)
// // 1
// // 2
// // Uncaught (in Promise) 3
// ```
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

async function foo() {
    console.log(1)
    Promise.reject(3)
}
foo().catch(console.log)
console.log(2)
// 1
// 2
// Uncaught (in Promise) 3
