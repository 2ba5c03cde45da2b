// seed: 003_2e89c9f667f085b1.txt, 2.1 then方法, return 2 / return Promise.reject(3) (lines 68-72)
//
// ```javascript
// let p = Promise.resolve(1)
// setTimeout(() => console.log(p.then(value => 2))) // Promise<fulfilled>: 2
// setTimeout(() => console.log(p.then(value => Promise.reject(3)))) // Promise<rejected>: 3
// ```
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.
//  - NODE DIFFERS FROM SEED COMMENTS: both lines print Promise { <pending> } (the handler has not run yet when console.log runs); the rejection with 3 is then reported as unhandled.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

let p = Promise.resolve(1)
setTimeout(() => console.log(p.then(value => 2))) // Promise<fulfilled>: 2
setTimeout(() => console.log(p.then(value => Promise.reject(3)))) // Promise<rejected>: 3
