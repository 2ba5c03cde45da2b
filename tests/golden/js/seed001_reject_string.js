// seed: 001_66989741f3e9a8d9.txt, ## Promise.reject(), Promise.reject("出错了") (lines 950-959)
//
// ```javascript
// const p = Promise.reject('出错了');
// // 等同于
// const p = new Promise((resolve, reject) => reject('出错了'))
//
// p.then(null, function (s) {
//   console.log(s)
// });
// // 出错了
// ```
//
// Notes / changes:
//  - The seed declares `const p` twice (SyntaxError); each form is put in its own block and both are observed.

{
const p = Promise.reject('出错了');

p.then(null, function (s) {
  console.log(s)
});
}
// 等同于
{
const p = new Promise((resolve, reject) => reject('出错了'))

p.then(null, function (s) {
  console.log(s)
});
}
// 出错了
