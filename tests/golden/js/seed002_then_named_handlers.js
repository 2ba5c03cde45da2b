// seed: 002_5ef30c3c6d938685.txt, Promise.prototype.then(), onResolved/onRejected (lines 148-157)
//
// function onResolved(res) {
//     console.log('resolved' + res)  // resolved3
// }
// function onRejected(err) {
//     console.log('rejected' + err)
// }
// new Promise((resolve, reject) => {
//     resolve(3)
// }).then(onResolved, onRejected)
// 复制代码
//
// Notes / changes:
//  - Unchanged. The arrow-function variant (lines 161-168) is the same logic and is not duplicated.

function onResolved(res) {
    console.log('resolved' + res)  // resolved3
}
function onRejected(err) {
    console.log('rejected' + err)
}
new Promise((resolve, reject) => {
    resolve(3)
}).then(onResolved, onRejected)
