// seed: 003_2e89c9f667f085b1.txt, 2.3 finally方法, finally returns a promise resolving after 1 s (lines 138-141)
//
// let p = Promise.resolve(1)
// let p1 = p.finally(() => new Promise((resolve, reject) => setTimeout(resolve, 1000, 2))
// setTimeout(console.log, 0, p1) // Promise<pending>
// setTimeout(console.log, 1500, p1) // Promise<resolve>: 1
//
// Notes / changes:
//  - Syntax fixed: the seed is missing the closing parenthesis of p.finally(...).

let p = Promise.resolve(1)
let p1 = p.finally(() => new Promise((resolve, reject) => setTimeout(resolve, 1000, 2)))
setTimeout(console.log, 0, p1) // Promise<pending>
setTimeout(console.log, 1500, p1) // Promise<resolve>: 1
