// seed: 003_2e89c9f667f085b1.txt, 4.3 停止和恢复执行, foo/bar/baz order (lines 511-526)
//
// async function foo() {
//     console.log(await Promise.resolve('foo'))
// }
// async function bar() {
//     console.log(await 'bar')
// }
// async function baz() {
//     console.log('baz')
// }
// foo()
// bar()
// baz()
// // baz
// // foo
// // bar
// ```
//
// Notes / changes:
//  - Unchanged.

async function foo() {
    console.log(await Promise.resolve('foo'))
}
async function bar() {
    console.log(await 'bar')
}
async function baz() {
    console.log('baz')
}
foo()
bar()
baz()
// baz
// foo
// bar
