// seed: 001_66989741f3e9a8d9.txt, ## 基本用法, resolve(p1) where p1 rejects after 3 s (lines 169-182)
//
// ```javascript
// const p1 = new Promise(function (resolve, reject) {
//   setTimeout(() => reject(new Error('fail')), 3000)
// })
//
// const p2 = new Promise(function (resolve, reject) {
//   setTimeout(() => resolve(p1), 1000)
// })
//
// p2
//   .then(result => console.log(result))
//   .catch(error => console.log(error))
// // Error: fail
// ```
//
// Notes / changes:
//  - console.log(error) -> console.log(String(error)) (do not print Error objects). Output matches the seed comment "Error: fail".

const p1 = new Promise(function (resolve, reject) {
  setTimeout(() => reject(new Error('fail')), 3000)
})

const p2 = new Promise(function (resolve, reject) {
  setTimeout(() => resolve(p1), 1000)
})

p2
  .then(result => console.log(result))
  .catch(error => console.log(String(error)))
// Error: fail
