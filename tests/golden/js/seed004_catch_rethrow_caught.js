// seed: 004_f21c699b2149fe05.txt, 捕获错误, catch throws Boom! into next catch (lines 424-432)
//
// #### let p1 = new Promise(function(resolve, reject) {
//       throw new Error("Explosion!");
//   });
//   p1.catch(function(error) {
//       console.log(error.message);
//       throw new Error("Boom!");
//   }).catch(function(error) {
//       console.log(error.message);
//   });
//
// Notes / changes:
//  - Unchanged.

let p1 = new Promise(function(resolve, reject) {
    throw new Error("Explosion!");
});
p1.catch(function(error) {
    console.log(error.message);
    throw new Error("Boom!");
}).catch(function(error) {
    console.log(error.message);
});
