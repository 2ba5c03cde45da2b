// seed: 003_2e89c9f667f085b1.txt, 3.4 串行Promise合成, compose(...fns) (lines 241-252)
//
// let addTwo = x => x + 2
// let addThree = x => x + 3
// let addFive = x => x + 5
// let compose = (...fns) => {
//     return (x) => fns.reduce((promise, fn) => {
//         return promise.then(fn)
//     }, Promise.resolve(x))
// }
//
// let addTen = compose(addTwo, addThree, addFive)
// addTen(8).then(console.log)
// ```
//
// Notes / changes:
//  - Unchanged.

let addTwo = x => x + 2
let addThree = x => x + 3
let addFive = x => x + 5
let compose = (...fns) => {
    return (x) => fns.reduce((promise, fn) => {
        return promise.then(fn)
    }, Promise.resolve(x))
}

let addTen = compose(addTwo, addThree, addFive)
addTen(8).then(console.log)
