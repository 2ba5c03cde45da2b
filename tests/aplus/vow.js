// vow.js - JavaScript faces over the Node-API addon (addon.c):
//
//   aplusAdapter  resolved / rejected / deferred, as promises-aplus-tests
//                 wants them;
//   VowPromise    a small Promise-like class (constructor, then, catch,
//                 finally, resolve, reject, all, allSettled, race, any) for
//                 promises-es6-tests;
//   es6Adapter    the A+ adapter plus defineGlobalPromise /
//                 removeGlobalPromise, which install VowPromise as the
//                 global Promise while the es6 suite runs.
//
// All promise state lives in vow (C); this file only does what the ES spec
// does in JavaScript terms before reaching the core: argument and receiver
// checks, NewPromiseCapability for foreign constructors, iterating the
// iterable of all/race.  Subclassing is out of scope: then() always returns
// a VowPromise (no @@species), and all/race on another constructor C wrap
// the VowPromise result in C's capability.
"use strict";

const assert = require("assert");

module.exports = function load(addonPath) {
    const addon = require(addonPath);

    // NewPromiseCapability(C) for a constructor other than VowPromise.
    function newCapability(C) {
        if (typeof C !== "function") {
            throw new TypeError("Promise capability: " + typeof C + " is not a constructor");
        }
        let resolve;
        let reject;
        const promise = new C(function (res, rej) {
            if (resolve !== undefined || reject !== undefined) {
                throw new TypeError("Promise executor has already been invoked");
            }
            resolve = res;
            reject = rej;
        });
        if (typeof resolve !== "function" || typeof reject !== "function") {
            throw new TypeError("Promise resolve or reject function is not callable");
        }
        return { promise, resolve, reject };
    }

    function combinator(kind) {
        return function (iterable) {
            const C = this;
            if (C !== VowPromise) {
                const cap = newCapability(C);
                combine.call(VowPromise, iterable).then(cap.resolve, cap.reject);
                return cap.promise;
            }
            return combine.call(C, iterable);
        };
        function combine(iterable) {
            let items;
            try {
                items = [...iterable];
            } catch (e) {
                return addon.rejected(e); // IfAbruptRejectPromise
            }
            return addon.combine(kind, items);
        }
    }

    class VowPromise {
        constructor(executor) {
            if (typeof executor !== "function") {
                throw new TypeError("Promise resolver " + typeof executor + " is not a function");
            }
            const [resolve, reject] = addon.init(this);
            try {
                executor.call(undefined, resolve, reject);
            } catch (e) {
                reject(e);
            }
        }

        then(onFulfilled, onRejected) {
            return addon.then(this, onFulfilled, onRejected);
        }

        catch(onRejected) {
            return this.then(undefined, onRejected);
        }

        finally(onFinally) {
            return addon.finally(this, onFinally);
        }

        static resolve(x) {
            const C = this;
            if ((typeof C !== "object" && typeof C !== "function") || C === null) {
                throw new TypeError("Promise.resolve called on a non-object");
            }
            if (addon.isPromise(x) && x.constructor === C) {
                return x;
            }
            if (C === VowPromise) {
                return addon.resolved(x);
            }
            const cap = newCapability(C);
            cap.resolve(x);
            return cap.promise;
        }

        static reject(r) {
            const C = this;
            if (C === VowPromise) {
                return addon.rejected(r);
            }
            const cap = newCapability(C);
            cap.reject(r);
            return cap.promise;
        }
    }

    // Static methods with the spec's lengths (1) and names.
    for (const [name, kind] of [["all", 0], ["allSettled", 1], ["race", 2], ["any", 3]]) {
        const fn = combinator(kind);
        Object.defineProperty(fn, "name", { value: name });
        Object.defineProperty(VowPromise, name, {
            value: fn, writable: true, enumerable: false, configurable: true,
        });
    }

    addon.setup(VowPromise.prototype);

    const aplusAdapter = {
        resolved: addon.resolved,
        rejected: addon.rejected,
        deferred: addon.deferred,
    };

    let savedPromise;
    let savedAssert;
    const es6Adapter = Object.assign({}, aplusAdapter, {
        defineGlobalPromise(globalScope) {
            savedPromise = globalScope.Promise;
            savedAssert = globalScope.assert;
            globalScope.Promise = VowPromise;
            globalScope.assert = assert;
        },
        removeGlobalPromise(globalScope) {
            globalScope.Promise = savedPromise;
            if (savedAssert === undefined) {
                delete globalScope.assert;
            } else {
                globalScope.assert = savedAssert;
            }
        },
    });

    return { addon, VowPromise, aplusAdapter, es6Adapter };
};
