// seed: 002_5ef30c3c6d938685.txt, 链式调用 / 题目一 (A B D C puzzle) (lines 219-233)
//
// new Promise((resolve, reject) => {
//     resolve()
// }).then(() => {
//     console.log('A')
//     new Promise((resolve, reject) => {
//         resolve()
//     }).then(() => {
//         console.log('B')
//     }).then(() => {
//         console.log('C')
//     })
// }).then(() => {
//     console.log('D')
// })
// 复制代码
//
// Notes / changes:
//  - Unchanged. The same code appears again under 题目一 (lines 415-430) and as named functions (lines 434-452); those are not duplicated.

new Promise((resolve, reject) => {
    resolve()
}).then(() => {
    console.log('A')
    new Promise((resolve, reject) => {
        resolve()
    }).then(() => {
        console.log('B')
    }).then(() => {
        console.log('C')
    })
}).then(() => {
    console.log('D')
})
