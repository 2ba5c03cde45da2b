// run.js - run one conformance suite against vow through the addon.
//
//   node run.js <aplus|es6> <addon.node> <node_modules dir> <expected passing>
//
// Mocha's dot reporter prints progress and failures; the last line is
//   vow <suite>: <n> passing, <n> failing, <n> pending
// The exit status is 0 only with no failure and exactly <expected passing>
// passing tests (so a suite that silently shrank fails too).
"use strict";

const path = require("path");

const [suiteName, addonPath, nodeModules, expectedArg] = process.argv.slice(2);
const suites = { aplus: "promises-aplus-tests", es6: "promises-es6-tests" };
if (!(suiteName in suites) || !addonPath || !nodeModules || !expectedArg) {
    console.error("usage: node run.js <aplus|es6> <addon.node> <node_modules dir> <expected passing>");
    process.exit(2);
}
const expected = Number(expectedArg);

const vow = require("./vow.js")(path.resolve(addonPath));
const modules = path.resolve(nodeModules);
const Dot = require(path.join(modules, "mocha/lib/reporters/dot"));
const runSuite = require(path.join(modules, suites[suiteName]));

let stats = null;
function Reporter(runner, options) {
    Dot.call(this, runner, options);
    stats = this.stats;
}
Reporter.prototype = Object.create(Dot.prototype);
Reporter.prototype.constructor = Reporter;

const adapter = suiteName === "aplus" ? vow.aplusAdapter : vow.es6Adapter;
// A generous per-test timeout (the suites default to 200 ms): a loaded CI
// machine running ctest -j must not turn a slow test into a failure.  It only
// bounds how long a test that never finishes is waited for.
runSuite(adapter, { reporter: Reporter, timeout: 5000 }, function (err) {
    const line = stats.passes + " passing, " + stats.failures + " failing, " +
        stats.pending + " pending";
    console.log("vow " + suiteName + ": " + line);
    let ok = !err && stats.failures === 0;
    if (stats.passes !== expected) {
        console.log("vow " + suiteName + ": expected exactly " + expected + " passing");
        ok = false;
    }
    if (err && stats.failures === 0) {
        console.log("vow " + suiteName + ": " + err);
    }
    process.exitCode = ok ? 0 : 1;
});
