// seed: 003_2e89c9f667f085b1.txt, 3.1 Promise.all, p1..p4 (lines 153-166)
//
// let p1 = Promise.all([
//     Promise.resolve(1),
//     Promise.resolve(2)
// ]) // p1: Promise<fulfilled>: Array[1, 2]
//
// // 可迭代对象中的元素会通过Promise.resolve转化为Promise
// let p2 = Promise.all([3, 4]) // p2: Promise<fulfilled>: Array[3, 4]
//
// //空的可迭代对象等价于Promise.resolve()
// let p3 = Promise.all([]) // p3: Promise<fulfilled>: Array[]
//
// // 不传入参数或传入不可迭代的对象会异步抛出TypeError
// let p4 = Promise() // p4: Promise<rejected>: TypeError: ...
// // 随后在微任务队列中抛出错误,该错误可被p4.catch(onRejected)捕捉
//
// Notes / changes:
//  - The seed has no output; setTimeout(console.log, 0, pN) lines are added to observe p1..p3.
//  - The seed line `let p4 = Promise()` throws a synchronous TypeError (constructor called without new), which contradicts its own comment; it was changed to `Promise.all()` (no argument) as the comment describes, and p4.catch prints the error name (the V8 message text is engine-specific).

let p1 = Promise.all([
    Promise.resolve(1),
    Promise.resolve(2)
]) // p1: Promise<fulfilled>: Array[1, 2]

// 可迭代对象中的元素会通过Promise.resolve转化为Promise
let p2 = Promise.all([3, 4]) // p2: Promise<fulfilled>: Array[3, 4]

//空的可迭代对象等价于Promise.resolve()
let p3 = Promise.all([]) // p3: Promise<fulfilled>: Array[]

// 不传入参数或传入不可迭代的对象会异步抛出TypeError
let p4 = Promise.all() // p4: Promise<rejected>: TypeError: ...   (seed: Promise())
// 随后在微任务队列中抛出错误,该错误可被p4.catch(onRejected)捕捉
p4.catch(e => console.log('p4 rejected:', e.name))  // added

setTimeout(console.log, 0, p1)  // added
setTimeout(console.log, 0, p2)  // added
setTimeout(console.log, 0, p3)  // added
