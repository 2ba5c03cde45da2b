// seed: 001_66989741f3e9a8d9.txt, ## Promise.any(), three fetches (lines 779-789)
//
// ```javascript
// Promise.any([
//   fetch('https://v8.dev/').then(() => 'home'),
//   fetch('https://v8.dev/blog').then(() => 'blog'),
//   fetch('https://v8.dev/docs').then(() => 'docs')
// ]).then((first) => {  // 只要有一个 fetch() 请求成功
//   console.log(first);
// }).catch((error) => { // 所有三个 fetch() 全部请求失败
//   console.log(error);
// });
// ```
//
// Notes / changes:
//  - fetch stand-in: resolves after a fixed delay per url (v8.dev/ 300 ms, /blog 100 ms, /docs 200 ms), so "blog" wins.
//  - console.log(error) in the catch -> String(error) (not reached).

// stand-in for fetch(): resolves after a fixed delay
function fetch(url) {
  const ms = { 'https://v8.dev/': 300, 'https://v8.dev/blog': 100, 'https://v8.dev/docs': 200 }[url];
  return new Promise(resolve => setTimeout(resolve, ms, 'response:' + url));
}

Promise.any([
  fetch('https://v8.dev/').then(() => 'home'),
  fetch('https://v8.dev/blog').then(() => 'blog'),
  fetch('https://v8.dev/docs').then(() => 'docs')
]).then((first) => {  // 只要有一个 fetch() 请求成功
  console.log(first);
}).catch((error) => { // 所有三个 fetch() 全部请求失败
  console.log(String(error));
});
