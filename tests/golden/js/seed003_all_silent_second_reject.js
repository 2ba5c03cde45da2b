// seed: 003_2e89c9f667f085b1.txt, 3.1 Promise.all, second member rejects via setTimeout(reject, 0) (lines 172-177)
//
// // 虽然只有第一个Promise的reject reason会进入拒绝处理程序,但第二个Promise会被静默处理,不会抛出异常
// let p = Promise.all([
//     Promise.resolve(1),
//     new Promise((resolve, reject) => setTimeout(reject, 0))
// ])
// p.catch(err => setTimeout(console.log, 0, err)) //打印1
//
// Notes / changes:
//  - Unchanged.
//  - NODE DIFFERS FROM SEED COMMENT: the seed says "打印1", but the rejecting member calls reject() with no argument (setTimeout(reject, 0)), so the reason is undefined and Node prints "undefined".

// 虽然只有第一个Promise的reject reason会进入拒绝处理程序,但第二个Promise会被静默处理,不会抛出异常
let p = Promise.all([
    Promise.resolve(1),
    new Promise((resolve, reject) => setTimeout(reject, 0))
])
p.catch(err => setTimeout(console.log, 0, err)) //打印1
