// seed: 002_5ef30c3c6d938685.txt, Promise.resolve(), Promise.resolve() / (3, 6, 9) / (new Error) (lines 633-636)
//
// setTimeout(console.log, 0, Promise.resolve())  // Promise {<fulfilled>: undefined}
// setTimeout(console.log, 0, Promise.resolve(3, 6, 9))  // Promise {<fulfilled>: 3} 多余的参数将被忽略
// setTimeout(console.log, 0, Promise.resolve(new Error('error')))  // Promise {<fulfilled>: Error: error}
// 复制代码
//
// Notes / changes:
//  - Error.stackTraceLimit = 0 so that an Error nested inside a printed Promise/array is shown by Node as [Error: msg] (no stack, no file paths).

Error.stackTraceLimit = 0;

setTimeout(console.log, 0, Promise.resolve())  // Promise {<fulfilled>: undefined}
setTimeout(console.log, 0, Promise.resolve(3, 6, 9))  // Promise {<fulfilled>: 3} 多余的参数将被忽略
setTimeout(console.log, 0, Promise.resolve(new Error('error')))  // Promise {<fulfilled>: Error: error}
