// seed: 003_2e89c9f667f085b1.txt, 2.1 then方法, p.then() / return 2 / {} / p (lines 58-64)
//
// ```javascript
// let p = Promise,resolve(1)
// setTimeout(() => console.log(p.then())) // Promise<fulfilled>: 1   p.then() !== p
// setTimeout(() => console.log(p.then(value => return 2))) // Promise<fulfilled>: 2
// setTimeout(() => console.log(p,then(value => {}))) // Promise<fulfilled>: undefined
// setTimeout(() => console.log(p.then(value => p) === p)) //false
// ```
//
// Notes / changes:
//  - Syntax fixed: `Promise,resolve(1)` -> `Promise.resolve(1)`, `value => return 2` -> `value => 2`, `p,then(...)` -> `p.then(...)`.
//  - NODE DIFFERS FROM SEED COMMENTS: console.log runs synchronously right after .then() created the derived promise, whose reaction job has not run yet, so Node prints Promise { <pending> } each time (a browser console shows the live object, later settled).

let p = Promise.resolve(1)
setTimeout(() => console.log(p.then())) // Promise<fulfilled>: 1   p.then() !== p
setTimeout(() => console.log(p.then(value => 2))) // Promise<fulfilled>: 2
setTimeout(() => console.log(p.then(value => {}))) // Promise<fulfilled>: undefined
setTimeout(() => console.log(p.then(value => p) === p)) //false
