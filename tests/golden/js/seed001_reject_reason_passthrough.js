// seed: 001_66989741f3e9a8d9.txt, ## Promise.reject(), e === "出错了" (lines 965-971)
//
// ```javascript
// Promise.reject('出错了')
// .catch(e => {
//   console.log(e === '出错了')
// })
// // true
// ```
//
// Notes / changes:
//  - Unchanged.

Promise.reject('出错了')
.catch(e => {
  console.log(e === '出错了')
})
// true
