// seed: 001_66989741f3e9a8d9.txt, ## Promise.allSettled(), try { await Promise.all(requests) } (lines 698-708)
//
// ```javascript
// const urls = [url_1, url_2, url_3];
// const requests = urls.map(x => fetch(x));
//
// try {
//   await Promise.all(requests);
//   console.log('所有请求都成功。');
// } catch {
//   console.log('至少一个请求失败，其他请求可能还没结束。');
// }
// ```
//
// Notes / changes:
//  - Top-level await is not allowed in a CommonJS .js file: the snippet is wrapped in an async IIFE.
//  - fetch is browser-only: stand-in resolving with "ok:<url>" after 100 ms, or rejecting with Error("fail:<url>") after 50 ms when the url contains "fail". url_1..url_3 are fixed strings; url_2 fails so the catch branch is taken.

// stand-in for fetch(): fixed result after a timer
function fetch(url) {
  return new Promise((resolve, reject) => {
    if (url.includes('fail')) setTimeout(() => reject(new Error('fail:' + url)), 50);
    else setTimeout(resolve, 100, 'ok:' + url);
  });
}
const url_1 = '/a', url_2 = '/fail', url_3 = '/c';

(async () => {
const urls = [url_1, url_2, url_3];
const requests = urls.map(x => fetch(x));

try {
  await Promise.all(requests);
  console.log('所有请求都成功。');
} catch {
  console.log('至少一个请求失败，其他请求可能还没结束。');
}
})();
