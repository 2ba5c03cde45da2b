// seed: 003_2e89c9f667f085b1.txt, 3.1 Promise.all, for..of over values (lines 183-193)
//
// let p = Promise.all([
//     Promise.resolve(1),
//     Promise.resolve(),
//     Promise.resolve(3)
// ])
// p.then(values => {
//     for (let value of values) {
//         console.log(value)
//     }
// }) // 1, undefined, 3
// ```
//
// Notes / changes:
//  - Unchanged.

let p = Promise.all([
    Promise.resolve(1),
    Promise.resolve(),
    Promise.resolve(3)
])
p.then(values => {
    for (let value of values) {
        console.log(value)
    }
}) // 1, undefined, 3
