// seed: 003_2e89c9f667f085b1.txt, 2.2 catch方法, 未处理的rejection (noSuchFunction) (lines 92-98)
//
// new Promise(function() {
//   noSuchFunction(); // 这里出现 error（没有这个函数）
// })
//   .then(() => {
//     // 一个或多个成功的 promise 处理程序（handler）
//   }); // 尾端没有 .catch
// ```
//
// Notes / changes:
//  - Node 20 crashes on an unhandled rejection; an 'unhandledRejection' listener prints the reason to stdout instead.

process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));

new Promise(function() {
  noSuchFunction(); // 这里出现 error（没有这个函数）
})
  .then(() => {
    // 一个或多个成功的 promise 处理程序（handler）
  }); // 尾端没有 .catch
