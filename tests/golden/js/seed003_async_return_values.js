// seed: 003_2e89c9f667f085b1.txt, 4.1 async, return primitive / array / thenable (lines 288-310)
//
// // 返回原始值
// async function foo() {
//     return 'foo'
// }
// foo().then(console.log) // foo
//
// // 返回没有实现thenable接口的对象
// async function bar() {
//     return ['bar']
// }
// bar().then(console.log) // ['bar']
//
// // 返回实现thenable接口的对象
// async function baz() {
//     return {
//         then(callback) {
//             callback('baz')
//         }
//     }
// }
// baz().then(console.log) // baz then中的callback仍然是异步执行
// console.log(baz()) // Promise<fulfilled>: 'baz'
// ```
//
// Notes / changes:
//  - Unchanged.
//  - NODE DIFFERS FROM SEED COMMENT: console.log(baz()) prints Promise { <pending> }: resolving with a thenable calls its then() in a later job, so the promise is not yet fulfilled.

// 返回原始值
async function foo() {
    return 'foo'
}
foo().then(console.log) // foo

// 返回没有实现thenable接口的对象
async function bar() {
    return ['bar']
}
bar().then(console.log) // ['bar']

// 返回实现thenable接口的对象
async function baz() {
    return {
        then(callback) {
            callback('baz')
        } 
    }
}
baz().then(console.log) // baz then中的callback仍然是异步执行
console.log(baz()) // Promise<fulfilled>: 'baz'
