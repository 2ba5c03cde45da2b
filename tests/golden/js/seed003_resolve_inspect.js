// seed: 003_2e89c9f667f085b1.txt, 1.2 Promise.resolve, console.log of three resolved promises (lines 11-15)
//
// ```javascript
// console.log(Promise.resolve()) // Promise<fulfilled>: undefined
// console.log(Promise.resolve(3, 4, 5)) // Promise<fulfilled>: 3
// console.log(Promise.resolve(new Error(1))) //Promise<fulfilled>: Error: 1
// ```
//
// Notes / changes:
//  - Error.stackTraceLimit = 0 so that an Error nested inside a printed Promise/array is shown by Node as [Error: msg] (no stack, no file paths).

Error.stackTraceLimit = 0;

console.log(Promise.resolve()) // Promise<fulfilled>: undefined
console.log(Promise.resolve(3, 4, 5)) // Promise<fulfilled>: 3
console.log(Promise.resolve(new Error(1))) //Promise<fulfilled>: Error: 1
