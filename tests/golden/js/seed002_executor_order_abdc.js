// seed: 002_5ef30c3c6d938685.txt, 执行顺序, A B D C (executor + then) (lines 374-383)
//
// new Promise((resolve, reject) => {
//     console.log('A')
//     resolve(3)
//     console.log('B')
// }).then(res => {
//     console.log('C')
// })
// console.log('D')
// // 打印结果:A B D C
// 复制代码
//
// Notes / changes:
//  - Unchanged.

new Promise((resolve, reject) => {
    console.log('A')
    resolve(3)
    console.log('B')
}).then(res => {
    console.log('C')
})
console.log('D')
// 打印结果:A B D C
