// seed: 001_66989741f3e9a8d9.txt, ### Generator 函数与 Promise 的结合 (lines 996-1029)
//
// ```javascript
// function getFoo () {
//   return new Promise(function (resolve, reject){
//     resolve('foo');
//   });
// }
//
// const g = function* () {
//   try {
//     const foo = yield getFoo();
//     console.log(foo);
//   } catch (e) {
//     console.log(e);
//   }
// };
//
// function run (generator) {
//   const it = generator();
//
//   function go(result) {
//     if (result.done) return result.value;
//
//     return result.value.then(function (value) {
//       return go(it.next(value));
//     }, function (error) {
//       return go(it.throw(error));
//     });
//   }
//
//   go(it.next());
// }
//
// run(g);
// ```
//
// Notes / changes:
//  - Unchanged. Needs generator support (the C port drives a vow_generator).

function getFoo () {
  return new Promise(function (resolve, reject){
    resolve('foo');
  });
}

const g = function* () {
  try {
    const foo = yield getFoo();
    console.log(foo);
  } catch (e) {
    console.log(e);
  }
};

function run (generator) {
  const it = generator();

  function go(result) {
    if (result.done) return result.value;

    return result.value.then(function (value) {
      return go(it.next(value));
    }, function (error) {
      return go(it.throw(error));
    });
  }

  go(it.next());
}

run(g);
