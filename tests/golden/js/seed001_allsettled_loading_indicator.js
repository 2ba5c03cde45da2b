// seed: 001_66989741f3e9a8d9.txt, ## Promise.allSettled(), await allSettled then removeLoadingIndicator() (lines 716-725)
//
// ```javascript
// const promises = [
//   fetch('/api-1'),
//   fetch('/api-2'),
//   fetch('/api-3'),
// ];
//
// await Promise.allSettled(promises);
// removeLoadingIndicator();
// ```
//
// Notes / changes:
//  - Top-level await -> async IIFE.
//  - fetch stand-in: /api-1 resolves after 300 ms, /api-2 rejects after 100 ms (Error), /api-3 resolves after 200 ms; removeLoadingIndicator() is defined to print a line.
//  - A console.log('settled:', url) is added inside the stand-in so the trace shows that allSettled waits for all three.

// stand-in for fetch()
function fetch(url) {
  const ms = { '/api-1': 300, '/api-2': 100, '/api-3': 200 }[url];
  return new Promise((resolve, reject) => setTimeout(() => {
    console.log('settled:', url);
    if (url === '/api-2') reject(new Error('boom ' + url)); else resolve('body of ' + url);
  }, ms));
}
function removeLoadingIndicator() { console.log('removeLoadingIndicator'); }

(async () => {
const promises = [
  fetch('/api-1'),
  fetch('/api-2'),
  fetch('/api-3'),
];

await Promise.allSettled(promises);
removeLoadingIndicator();
})();
