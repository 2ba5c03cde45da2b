// seed: 001_66989741f3e9a8d9.txt, ## 基本用法, timeout(ms) (lines 59-69)
//
// ```javascript
// function timeout(ms) {
//   return new Promise((resolve, reject) => {
//     setTimeout(resolve, ms, 'done');
//   });
// }
//
// timeout(100).then((value) => {
//   console.log(value);
// });
// ```
//
// Notes / changes:
//  - Unchanged.

function timeout(ms) {
  return new Promise((resolve, reject) => {
    setTimeout(resolve, ms, 'done');
  });
}

timeout(100).then((value) => {
  console.log(value);
});
