// seed: 001_66989741f3e9a8d9.txt, ## Promise.try(), new Promise(resolve => resolve(f())) (lines 1080-1090)
//
// ```javascript
// const f = () => console.log('now');
// (
//   () => new Promise(
//     resolve => resolve(f())
//   )
// )();
// console.log('next');
// // now
// // next
// ```
//
// Notes / changes:
//  - Unchanged.

const f = () => console.log('now');
(
  () => new Promise(
    resolve => resolve(f())
  )
)();
console.log('next');
// now
// next
