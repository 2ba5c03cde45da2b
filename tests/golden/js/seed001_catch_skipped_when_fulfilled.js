// seed: 001_66989741f3e9a8d9.txt, ## Promise.prototype.catch(), Promise.resolve().catch().then() (lines 436-445)
//
// ```javascript
// Promise.resolve()
// .catch(function(error) {
//   console.log('oh no', error);
// })
// .then(function() {
//   console.log('carry on');
// });
// // carry on
// ```
//
// Notes / changes:
//  - console.log('oh no', error) -> String(error) (never reached).

Promise.resolve()
.catch(function(error) {
  console.log('oh no', String(error));
})
.then(function() {
  console.log('carry on');
});
// carry on
