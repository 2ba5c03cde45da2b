// seed: 003_2e89c9f667f085b1.txt, 2.1 then方法, onResolved throws 2 (lines 77-79)
//
// let p = Promise.resolve(1)
// setTimeout(() => console.log(p.then(value => throw 2))) // Promise<rejected>: 2
// ```
//
// Notes / changes:
//  - Syntax fixed: `value => throw 2` -> `value => { throw 2 }`.
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.
//  - NODE DIFFERS FROM SEED COMMENT: prints Promise { <pending> } and then reports the unhandled rejection 2.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

let p = Promise.resolve(1)
setTimeout(() => console.log(p.then(value => { throw 2 }))) // Promise<rejected>: 2
