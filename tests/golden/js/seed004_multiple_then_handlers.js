// seed: 004_f21c699b2149fe05.txt, Promise 的生命周期, three then() registrations on one promise (lines 77-89)
//
// #### let promise = readFile("example.txt");
//   promise.then(function(contents) { // 完成
//       console.log(contents);
//   }, function(err) {
//   // 拒绝
//       console.error(err.message);
//   });
//   promise.then(function(contents) { // 完成
//       console.log(contents);
//   });
//   promise.then(null, function(err) { // 拒绝
//       console.error(err.message);
//   });
//
// Notes / changes:
//  - readFile is not defined in the seed snippet (fs I/O in the Node variant): replaced by a timer-based stand-in that resolves with the fixed string "example contents" after 100 ms.
//  - console.error(err.message) -> console.log(err.message) (stderr is not captured; not reached).

// stand-in for readFile(): resolves with fixed contents after 100 ms
function readFile(filename) {
  return new Promise(resolve => setTimeout(resolve, 100, 'example contents'));
}

let promise = readFile("example.txt");
promise.then(function(contents) { // 完成
    console.log(contents);
}, function(err) {
// 拒绝
    console.log(err.message);
});
promise.then(function(contents) { // 完成
    console.log(contents);
});
promise.then(null, function(err) { // 拒绝
    console.log(err.message);
});
