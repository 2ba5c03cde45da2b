// seed: 001_66989741f3e9a8d9.txt, ## Promise.allSettled(), filter fulfilled / rejected (lines 762-773)
//
// ```javascript
// const promises = [ fetch('index.html'), fetch('https://does-not-exist/') ];
// const results = await Promise.allSettled(promises);
//
// // 过滤出成功的请求
// const successfulPromises = results.filter(p => p.status === 'fulfilled');
//
// // 过滤出失败的请求，并输出原因
// const errors = results
//   .filter(p => p.status === 'rejected')
//   .map(p => p.reason);
// ```
//
// Notes / changes:
//  - Top-level await -> async IIFE.
//  - fetch stand-in: "index.html" resolves with "<html>" after 100 ms; "https://does-not-exist/" rejects with Error("getaddrinfo ENOTFOUND does-not-exist") after 50 ms.
//  - The seed prints nothing; two console.log lines are added to show successfulPromises and errors (errors shown via .message).

// stand-in for fetch()
function fetch(url) {
  return new Promise((resolve, reject) => {
    if (url === 'index.html') setTimeout(resolve, 100, '<html>');
    else setTimeout(() => reject(new Error('getaddrinfo ENOTFOUND does-not-exist')), 50);
  });
}

(async () => {
const promises = [ fetch('index.html'), fetch('https://does-not-exist/') ];
const results = await Promise.allSettled(promises);

// 过滤出成功的请求
const successfulPromises = results.filter(p => p.status === 'fulfilled');

// 过滤出失败的请求，并输出原因
const errors = results
  .filter(p => p.status === 'rejected')
  .map(p => p.reason);

console.log(successfulPromises);               // added
console.log(errors.map(e => e.message));       // added
})();
