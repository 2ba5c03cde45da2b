// seed: 003_2e89c9f667f085b1.txt, 2.3 finally方法, finally returns pending / throws 2 / Promise.reject(3) (lines 126-133)
//
// ```javascript
// let p = Promise.resolve(1)
//
// // Promise<pending>
// setTimeout(() => console.log(p.finally(() => new Promise((resolve, reject) => {})))
// setTimeout(() => console.log(p.finally(() => throw 2))) // Promise<rejected>: 2
// setTimeout(() => console.log(p.finally(() => Promise.reject(3)))) // Promise<rejected>: 3
// ```
//
// Notes / changes:
//  - Syntax fixed: `() => throw 2` -> `() => { throw 2 }`.
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.
//  - NODE DIFFERS FROM SEED COMMENTS: each console.log runs right after .finally() created the derived promise, so all three print Promise { <pending> }; the rejections 2 and 3 are then reported as unhandled.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

let p = Promise.resolve(1)

// Promise<pending>
setTimeout(() => console.log(p.finally(() => new Promise((resolve, reject) => {}))))
setTimeout(() => console.log(p.finally(() => { throw 2 }))) // Promise<rejected>: 2
setTimeout(() => console.log(p.finally(() => Promise.reject(3)))) // Promise<rejected>: 3
