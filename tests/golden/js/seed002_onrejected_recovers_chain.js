// seed: 002_5ef30c3c6d938685.txt, 基于onRejected生成一个新的Promise, A/B/C/D chain (lines 321-332)
//
// new Promise((resolve, reject) => {
//     reject()
// }).then(null, () => {
//     console.log('A')
// }).then(() => {
//     console.log('B')
// }).then(() => {
//     console.log('C')
// }).catch(() => {
//     console.log('D')
// })
// 复制代码
//
// Notes / changes:
//  - Unchanged.

new Promise((resolve, reject) => {
    reject()
}).then(null, () => {
    console.log('A')
}).then(() => {
    console.log('B')
}).then(() => {
    console.log('C')
}).catch(() => {
    console.log('D')
})
