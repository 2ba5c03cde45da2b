// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.catch(), 写法一 / 写法二 (lines 290-310)
//
// ```javascript
// // 写法一
// const promise = new Promise(function(resolve, reject) {
//   try {
//     throw new Error('test');
//   } catch(e) {
//     reject(e);
//   }
// });
// promise.catch(function(error) {
//   console.log(error);
// });
//
// // 写法二
// const promise = new Promise(function(resolve, reject) {
//   reject(new Error('test'));
// });
// promise.catch(function(error) {
//   console.log(error);
// });
// ```
//
// Notes / changes:
//  - Both variants declare `const promise`; each is wrapped in its own block { } so the file parses.
//  - console.log(error) -> console.log(String(error)).

// 写法一
{
const promise = new Promise(function(resolve, reject) {
  try {
    throw new Error('test');
  } catch(e) {
    reject(e);
  }
});
promise.catch(function(error) {
  console.log(String(error));
});
}

// 写法二
{
const promise = new Promise(function(resolve, reject) {
  reject(new Error('test'));
});
promise.catch(function(error) {
  console.log(String(error));
});
}
