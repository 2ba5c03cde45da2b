// seed: 003_2e89c9f667f085b1.txt, 3.4 串行Promise合成, addTen chain (lines 213-223)
//
// let addTwo = x => x + 2
// let addThree = x => x + 3
// let addFive = x => x + 5
// let addTen = x => {
//     return Promise.resolve(x)
// 	.then(addFive)
//     .then(addThree)
//     .then(addTwo)
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
    return Promise.resolve(x)
	.then(addFive)
    .then(addThree)
    .then(addTwo)
}
addTen(8).then(console.log) // 18
