// seed: 002_5ef30c3c6d938685.txt, 执行顺序, finally is async: A C B (lines 399-407)
//
// new Promise((resolve, reject) => {
//     console.log('A')
//     resolve(3)
// }).finally(() => {
//     console.log('B')
// })
// console.log('C')
// // 打印结果:A C B
// 复制代码
//
// Notes / changes:
//  - Unchanged.

new Promise((resolve, reject) => {
    console.log('A')
    resolve(3)
}).finally(() => {
    console.log('B')
})
console.log('C')
// 打印结果:A C B
