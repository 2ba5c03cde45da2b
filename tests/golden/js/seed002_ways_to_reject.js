// seed: 002_5ef30c3c6d938685.txt, Promise与错误处理, four ways to produce a rejection (lines 586-603)
//
// new Promise((resolve, reject) => {
//     init() // 被动出错,调用了不存在的函数
// })
//
// new Promise((resolve, reject) => {
//     reject()
// })
//
// new Promise((resolve, reject) => {
//     resolve()
// }).then(() => Promise.reject())
//
// new Promise((resolve, reject) => {
//     resolve()
// }).then(() => {
//     throw new Error()
// })
// 复制代码
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead. (All four rejections are unhandled; the trace shows the order in which Node reports them.)

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

new Promise((resolve, reject) => {
    init() // 被动出错,调用了不存在的函数
})

new Promise((resolve, reject) => {
    reject()
})

new Promise((resolve, reject) => {
    resolve()
}).then(() => Promise.reject())

new Promise((resolve, reject) => {
    resolve()
}).then(() => {
    throw new Error()
})
