// seed: 002_5ef30c3c6d938685.txt, Promise.reject(), p === Promise.reject(p) (lines 663-665)
//
// let p = Promise.reject(3)
// setTimeout(console.log, 0, p === Promise.reject(p))  // false
// 复制代码
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead. (both p and Promise.reject(p) are unhandled; the second one's reason is a promise, printed as [object Promise].)

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

let p = Promise.reject(3)
setTimeout(console.log, 0, p === Promise.reject(p))  // false
