// seed: 003_2e89c9f667f085b1.txt, 3.4 串行Promise合成, reduce (lines 228-236)
//
// let addTwo = x => x + 2
// let addThree = x => x + 3
// let addFive = x => x + 5
// let addTen = x => {
//     return [addTwo, addThree, addFive]
//         .reduce((promise, fn) => promise.then(fn), Promise.resolve(x))
// }
// addTen(8).then(console.log) // 18
// ```
//
// Notes / changes:
//  - Unchanged.

let addTwo = x => x + 2
let addThree = x => x + 3
let addFive = x => x + 5
let addTen = x => {
    return [addTwo, addThree, addFive]
        .reduce((promise, fn) => promise.then(fn), Promise.resolve(x))
}
addTen(8).then(console.log) // 18
