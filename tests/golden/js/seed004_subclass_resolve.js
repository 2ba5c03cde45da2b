// seed: 004_f21c699b2149fe05.txt, 继承 Promise, MyPromise.resolve(p1) (lines 634-643)
//
// #### let p1 = new Promise(function(resolve, reject) {
//       resolve(42);
//   });
//   let p2 = MyPromise.resolve(p1);
//   p2.success(function(value) {
//       console.log(value);
//   // 42
//   });
//   console.log(p2 instanceof MyPromise);
//   // true
//
// Notes / changes:
//  - MyPromise is defined as in the previous seed example (lines 616-622).

class MyPromise extends Promise { // 使用默认构造器
    success(resolve, reject) {
        return this.then(resolve, reject);
}
    failure(reject) {
        return this.catch(reject);
} }

let p1 = new Promise(function(resolve, reject) {
    resolve(42);
});
let p2 = MyPromise.resolve(p1);
p2.success(function(value) {
    console.log(value);
// 42
});
console.log(p2 instanceof MyPromise);
// true
