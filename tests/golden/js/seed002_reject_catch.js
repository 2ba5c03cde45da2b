// seed: 002_5ef30c3c6d938685.txt, Promise.reject(), Promise.reject(3).catch (lines 648-653)
//
// Promise
//     .reject(3)
//     .catch(err => {
//         console.log(err)  // 3
//     })
// 复制代码
//
// Notes / changes:
//  - Unchanged.

Promise
    .reject(3)
    .catch(err => {
        console.log(err)  // 3
    })
