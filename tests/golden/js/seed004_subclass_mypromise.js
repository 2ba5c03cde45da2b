// seed: 004_f21c699b2149fe05.txt, 继承 Promise, class MyPromise extends Promise (lines 616-630)
//
// #### class MyPromise extends Promise { // 使用默认构造器
//       success(resolve, reject) {
//           return this.then(resolve, reject);
//   }
//       failure(reject) {
//           return this.catch(reject);
//   } }
//   let promise = new MyPromise(function(resolve, reject) {
//       resolve(42);
//    });
//   promise.success(function(value) {
//       console.log(value);
//   }).failure(function(value) {
//       console.log(value);
//   });
//
// Notes / changes:
//  - Unchanged.

class MyPromise extends Promise { // 使用默认构造器
    success(resolve, reject) {
        return this.then(resolve, reject);
}
    failure(reject) {
        return this.catch(reject);
} }
let promise = new MyPromise(function(resolve, reject) {
    resolve(42);
 });
promise.success(function(value) {
    console.log(value);
}).failure(function(value) {
    console.log(value);
});
