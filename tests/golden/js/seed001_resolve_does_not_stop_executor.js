// seed: 001_66989741f3e9a8d9.txt, ## 基本用法, resolve(1); console.log(2) (lines 188-197)
//
// ```javascript
// new Promise((resolve, reject) => {
//   resolve(1);
//   console.log(2);
// }).then(r => {
//   console.log(r);
// });
// // 2
// // 1
// ```
//
// Notes / changes:
//  - Unchanged.

new Promise((resolve, reject) => {
  resolve(1);
  console.log(2);
}).then(r => {
  console.log(r);
});
// 2
// 1
