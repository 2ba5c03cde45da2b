// seed: 002_5ef30c3c6d938685.txt, 题目二 (A C B D puzzle) (lines 466-481)
//
// new Promise((resolve, reject) => {
//     resolve(1)
// }).then(res => {
//     console.log('A')
// }).finally(() => {
//     console.log('B')
// })
// new Promise((resolve, reject) => {
//     resolve(2)
// }).then(res => {
//     console.log('C')
// }).finally(() => {
//     console.log('D')
// })
// // 打印结果:A C B D
// 复制代码
//
// Notes / changes:
//  - Unchanged. Repeated verbatim at lines 518-533 (not duplicated).

new Promise((resolve, reject) => {
    resolve(1)
}).then(res => {
    console.log('A')
}).finally(() => {
    console.log('B')
})
new Promise((resolve, reject) => {
    resolve(2)
}).then(res => {
    console.log('C')
}).finally(() => {
    console.log('D')
})
// 打印结果:A C B D
