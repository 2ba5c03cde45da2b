// seed: 003_2e89c9f667f085b1.txt, 1.3 Promise.reject, Promise.reject(Promise.resolve(1)) (lines 46-48)
//
// ```javascript
// console.log(Promise.reject(Promise.resolve(1))) // Promise<rejected>: Promise<resolve>: 1
// ```
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead. The reason is a promise, so String(r) prints [object Promise].

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

console.log(Promise.reject(Promise.resolve(1))) // Promise<rejected>: Promise<resolve>: 1
