// seed: 003_2e89c9f667f085b1.txt, 2.2 catch方法, window.addEventListener('unhandledrejection') (lines 104-114)
//
// ```javascript
// window.addEventListener('unhandledrejection', function(event) {
//   // 这个事件对象有两个特殊的属性：
//   alert(event.promise); // [object Promise] - 生成该全局 error 的 promise
//   alert(event.reason); // Error: Whoops! - 未处理的 error 对象
// });
//
// new Promise(function() {
//   throw new Error("Whoops!");
// }); // 没有用来处理 error 的 catch
// ```
//
// Notes / changes:
//  - Browser-only: window.addEventListener('unhandledrejection', fn(event)) is replaced by Node's process.on('unhandledRejection', (reason, promise)) building the same {promise, reason} event object; alert(x) is replaced by console.log(String(x)) (alert shows the string form).

// stand-in for the browser event API
const window = {
  addEventListener(type, fn) {
    process.on('unhandledRejection', (reason, promise) => fn({ promise, reason }));
  }
};
const alert = (x) => console.log(String(x));

window.addEventListener('unhandledrejection', function(event) {
  // 这个事件对象有两个特殊的属性：
  alert(event.promise); // [object Promise] - 生成该全局 error 的 promise
  alert(event.reason); // Error: Whoops! - 未处理的 error 对象
});

new Promise(function() {
  throw new Error("Whoops!");
}); // 没有用来处理 error 的 catch
