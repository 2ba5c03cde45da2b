// seed: 002_5ef30c3c6d938685.txt, Promise正篇, loadScript returning a Promise (lines 64-79)
//
// function loadScript(src) {
//     return new Promise(function(resolve, reject) {
//         let script = document.createElement('script');
//         script.src = src;
//         script.onload = () => resolve(script);
//         script.onerror = () => reject(new Error(`Script load error for ${src}`));
//         document.head.append(script);
//     });
// }
// loadScript('./scripts.js').then(res => {
//     console.log('success', res);
//     init()
// }).catch(err => {
//     console.log(err);
// })
// 复制代码
//
// Notes / changes:
//  - document/script loading is browser-only: replaced by a timer-based stand-in that "loads" after 100 ms, defines the global init() the script would have defined, and resolves with the fixed value "<script src=./scripts.js>".
//  - console.log(err) -> console.log(String(err)) (not reached).

// stand-in for loading a <script>: after 100 ms the "script" has run (defines init) and onload fires
function loadScript(src) {
    return new Promise(function(resolve, reject) {
        setTimeout(() => {
            globalThis.init = () => console.log('init');
            resolve(`<script src=${src}>`);
        }, 100);
    });
}
loadScript('./scripts.js').then(res => {
    console.log('success', res);
    init()
}).catch(err => {
    console.log(String(err));
})
