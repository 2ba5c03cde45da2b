// seed: 001_66989741f3e9a8d9.txt, ## Promise.try(), Promise.resolve().then(f) (lines 1043-1049)
//
// ```javascript
// const f = () => console.log('now');
// Promise.resolve().then(f);
// console.log('next');
// // next
// // now
// ```
//
// Notes / changes:
//  - Unchanged.

const f = () => console.log('now');
Promise.resolve().then(f);
console.log('next');
// next
// now
