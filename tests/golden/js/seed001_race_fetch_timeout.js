// seed: 001_66989741f3e9a8d9.txt, ## Promise.race(), fetch vs 5 s timeout (lines 678-688)
//
// const p = Promise.race([
//   fetch('/resource-that-may-take-a-while'),
//   new Promise(function (resolve, reject) {
//     setTimeout(() => reject(new Error('request timeout')), 5000)
//   })
// ]);
//
// p
// .then(console.log)
// .catch(console.error);
// ```
//
// Notes / changes:
//  - fetch is browser-only: replaced by a timer-based stand-in that resolves with the fixed string "resource" after 6000 ms, so the 5000 ms timeout wins (the path the seed text describes).
//  - .catch(console.error) -> .catch(e => console.log('error:', e.message)): console.error goes to stderr (not captured) and would print an Error with a stack.
//  - The stand-in timer still runs to 6000 ms, so the process exits at ~6 s.

// stand-in for fetch(): resolves with a fixed value after 6000 ms
function fetch(url) {
  return new Promise(resolve => setTimeout(resolve, 6000, 'resource'));
}

const p = Promise.race([
  fetch('/resource-that-may-take-a-while'),
  new Promise(function (resolve, reject) {
    setTimeout(() => reject(new Error('request timeout')), 5000)
  })
]);

p
.then(console.log)
.catch(e => console.log('error:', e.message));
