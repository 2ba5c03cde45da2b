// seed: 003_2e89c9f667f085b1.txt, 4.2 await, await primitive / array / thenable (lines 400-422)
//
// // 等待一个原始值
// async function foo() {
//     console.log(await 'foo')
// }
// foo() // foo
//
// // 等待一个没有实现thenable接口的对象
// async function bar() {
//     console.log(await ['bar'])
// }
// bar() // ['bar']
//
// // 等待一个实现了thenable接口的非Promise对象
// async function baz() {
//     const thenable = {
//         then(callback) {
//             callback('baz')
//         }
//     }
//     console.log(await thenable)
// }
// baz() // baz
// ```
//
// Notes / changes:
//  - Unchanged.

// 等待一个原始值
async function foo() {
    console.log(await 'foo')
}
foo() // foo

// 等待一个没有实现thenable接口的对象
async function bar() {
    console.log(await ['bar'])
}
bar() // ['bar']

// 等待一个实现了thenable接口的非Promise对象
async function baz() {
    const thenable = {
        then(callback) {
            callback('baz')
        }
    }
    console.log(await thenable)
}
baz() // baz
