// seed: 002_5ef30c3c6d938685.txt, Promise与错误处理, "不会报错" reject().then(() => new Error()) (lines 607-611)
//
// // 不会报错
// new Promise((resolve, reject) => {
//     reject()
// }).then(() => new Error())
// 复制代码
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.
//  - NODE DIFFERS FROM SEED COMMENT: the seed says this "不会报错". The rejection passes through .then() (no onRejected) into the derived promise, which is unhandled, so Node reports an unhandled rejection with reason undefined.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

// 不会报错
new Promise((resolve, reject) => {
    reject()
}).then(() => new Error())
