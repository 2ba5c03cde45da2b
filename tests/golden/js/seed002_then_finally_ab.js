// seed: 002_5ef30c3c6d938685.txt, 题目二, then(onResolvedA).finally(onFinally) (lines 485-496)
//
// new Promise((resolve, reject) => {
//     resolve(1)
// }).then(onResolvedA).finally(onFinally)
//
// function onResolvedA() {
//     console.log('A')
// }
// function onFinally() {
//     console.log('B')
// }
// // 打印结果: A B
// 复制代码
//
// Notes / changes:
//  - Unchanged.

new Promise((resolve, reject) => {
    resolve(1)
}).then(onResolvedA).finally(onFinally)

function onResolvedA() {
    console.log('A')
}
function onFinally() {
    console.log('B')
}
// 打印结果: A B
