// seed: 003_2e89c9f667f085b1.txt, 4.2 await, await a 1 s timer (lines 359-370)
//
// async function foo() {
//     let p = new Promise((resolve, reject) => {
//         setTimeout(resolve, 1000, 2)
//     })
//     console.log(await p)
// }
// foo()
// console.log(1)
// // 1
// // 两秒后
// // 2
// ```
//
// Notes / changes:
//  - Unchanged. (The seed comment says "两秒后" but the timer is 1000 ms.)

async function foo() {
    let p = new Promise((resolve, reject) => {
        setTimeout(resolve, 1000, 2)
    })
    console.log(await p)
}
foo()
console.log(1)
// 1
// 两秒后
// 2
