// seed: 001_66989741f3e9a8d9.txt, ## Promise.try(), (async () => f())() (lines 1055-1061)
//
// ```javascript
// const f = () => console.log('now');
// (async () => f())();
// console.log('next');
// // now
// // next
// ```
//
// Notes / changes:
//  - Unchanged.

const f = () => console.log('now');
(async () => f())();
console.log('next');
// now
// next
