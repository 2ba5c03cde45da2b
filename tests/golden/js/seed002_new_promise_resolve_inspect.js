// seed: 002_5ef30c3c6d938685.txt, Promise.resolve(), new Promise(resolve => resolve(3)) inspected synchronously (lines 627-629)
//
// let p = new Promise(resolve => resolve(3))
// console.log(p)  // Promise {<fulfilled>: 3}
// 复制代码
//
// Notes / changes:
//  - Unchanged.

let p = new Promise(resolve => resolve(3))
console.log(p)  // Promise {<fulfilled>: 3}
