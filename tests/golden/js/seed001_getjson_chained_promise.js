// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.then(), getJSON("/post/1.json") -> getJSON(post.commentURL) (lines 229-236)
//
// ```javascript
// getJSON("/post/1.json").then(function(post) {
//   return getJSON(post.commentURL);
// }).then(function (comments) {
//   console.log("resolved: ", comments);
// }, function (err){
//   console.log("rejected: ", err);
// });
//
// Notes / changes:
//  - getJSON (XMLHttpRequest) is browser-only: replaced by a timer-based stand-in: "/post/1.json" resolves after 100 ms with {commentURL: "/comments/1.json"}, "/comments/1.json" resolves after 100 ms with ["c1", "c2"].
//  - The arrow-function variant (lines 243-250) is the same logic and is not duplicated.

// stand-in for the XMLHttpRequest-based getJSON: fixed responses after 100 ms
const responses = {
  '/post/1.json': { commentURL: '/comments/1.json' },
  '/comments/1.json': ['c1', 'c2'],
};
function getJSON(url) {
  return new Promise((resolve, reject) => {
    setTimeout(() => resolve(responses[url]), 100);
  });
}

getJSON("/post/1.json").then(function(post) {
  return getJSON(post.commentURL);
}).then(function (comments) {
  console.log("resolved: ", comments);
}, function (err){
  console.log("rejected: ", err);
});
