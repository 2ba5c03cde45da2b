// seed: 001_66989741f3e9a8d9.txt, ## 基本用法, getJSON (XMLHttpRequest) (lines 118-148)
//
// ```javascript
// const getJSON = function(url) {
//   const promise = new Promise(function(resolve, reject){
//     const handler = function() {
//       if (this.readyState !== 4) {
//         return;
//       }
//       if (this.status === 200) {
//         resolve(this.response);
//       } else {
//         reject(new Error(this.statusText));
//       }
//     };
//     const client = new XMLHttpRequest();
//     client.open("GET", url);
//     client.onreadystatechange = handler;
//     client.responseType = "json";
//     client.setRequestHeader("Accept", "application/json");
//     client.send();
//
//   });
//
//   return promise;
// };
//
// getJSON("/posts.json").then(function(json) {
//   console.log('Contents: ' + json);
// }, function(error) {
//   console.error('出错了', error);
// });
// ```
//
// Notes / changes:
//  - XMLHttpRequest is browser-only: replaced by a timer-based stand-in (setTimeout 100 ms) that resolves with the fixed object {posts: [1, 2]} (the seed uses responseType "json", so the value is an object).
//  - The rejection branch uses console.error (stderr, not captured) and would print an Error object; changed to console.log with error.message. It is not reached with the stand-in.

// stand-in for XMLHttpRequest: "responds" after 100 ms with a fixed JSON object
const getJSON = function(url) {
  const promise = new Promise(function(resolve, reject){
    setTimeout(() => resolve({ posts: [1, 2] }), 100);
  });

  return promise;
};

getJSON("/posts.json").then(function(json) {
  console.log('Contents: ' + json);
}, function(error) {
  console.log('出错了', error.message); // was console.error('出错了', error)
});
