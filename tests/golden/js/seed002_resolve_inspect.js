// seed: 002_5ef30c3c6d938685.txt, Promise.resolve(), console.log(Promise.resolve(3)) (lines 621-623)
//
// let p = Promise.resolve(3)
// console.log(p)  // Promise {<fulfilled>: 3}
// 复制代码
//
// Notes / changes:
//  - Unchanged.

let p = Promise.resolve(3)
console.log(p)  // Promise {<fulfilled>: 3}
