// seed: 003_2e89c9f667f085b1.txt, 4.2 await, foo/bar/baz (lines 378-395)
//
// async function foo() {
//     console.log(await Promise.resolve('foo'))
// }
// foo()
//
// // 异步打印"bar"
// async function bar() {
//     return await Promise.resolve('bar')
// }
// bar().then(console.log)
//
// // 1000毫秒后异步打印"baz"
// async function baz() {
//     awiat new Promise((resolve, reject) => {
//         resolve('baz')
//     }, 1000)
// }
// ```
//
// Notes / changes:
//  - Syntax fixed: `awiat` -> `await`. baz is never called in the seed (and its "1000 ms" is an ignored extra argument of the Promise constructor), so it prints nothing; kept as is.

// 异步打印"foo"
async function foo() {
    console.log(await Promise.resolve('foo'))
}
foo()

// 异步打印"bar"
async function bar() {
    return await Promise.resolve('bar')
}
bar().then(console.log)

// 1000毫秒后异步打印"baz"
async function baz() {
    await new Promise((resolve, reject) => {
        resolve('baz')
    }, 1000)
}
