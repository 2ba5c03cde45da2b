// seed: 001_66989741f3e9a8d9.txt, ## Promise.any(), try { await Promise.any(promises) } (lines 797-810)
//
// ```javascript
// const promises = [
//   fetch('/endpoint-a').then(() => 'a'),
//   fetch('/endpoint-b').then(() => 'b'),
//   fetch('/endpoint-c').then(() => 'c'),
// ];
//
// try {
//   const first = await Promise.any(promises);
//   console.log(first);
// } catch (error) {
//   console.log(error);
// }
// ```
//
// Notes / changes:
//  - Top-level await -> async IIFE.
//  - fetch stand-in: every request rejects with Error("fail <url>") after 100/200/300 ms, to exercise the AggregateError branch the seed text describes.
//  - console.log(error) -> prints String(error) and error.errors mapped to messages.

// stand-in for fetch(): every request fails after a fixed delay
function fetch(url) {
  const ms = { '/endpoint-a': 300, '/endpoint-b': 100, '/endpoint-c': 200 }[url];
  return new Promise((resolve, reject) => setTimeout(() => reject(new Error('fail ' + url)), ms));
}

(async () => {
const promises = [
  fetch('/endpoint-a').then(() => 'a'),
  fetch('/endpoint-b').then(() => 'b'),
  fetch('/endpoint-c').then(() => 'c'),
];

try {
  const first = await Promise.any(promises);
  console.log(first);
} catch (error) {
  console.log(String(error));
  console.log(error.errors.map(e => e.message));
}
})();
