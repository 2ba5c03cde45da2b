// seed: 002_5ef30c3c6d938685.txt, Promise与错误处理, try/catch around new Promise (lines 551-564)
//
// try {
//     new Promise((resolve, reject) => {
//         console.log('A')
//         throw new Error()
//         console.log('B')
//     })
// } catch(err) {
//     console.log(err)
// }
// console.log('C')
// // A
// // C
// // Uncaught (in promise) Error
// 复制代码
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.
//  - console.log(err) -> String(err) (never reached: the executor error becomes a rejection).

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

try {
    new Promise((resolve, reject) => {
        console.log('A')
        throw new Error()
        console.log('B')
    })  
} catch(err) {
    console.log(String(err))
}
console.log('C')
// A
// C 
// Uncaught (in promise) Error
