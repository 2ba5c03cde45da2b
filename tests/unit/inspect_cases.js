// inspect_cases.js - the cases of tests/unit/test_inspect.c, and the script
// that asks Node for their expected rendering.
//
//   node tests/unit/inspect_cases.js > tests/unit/inspect_expected.h
//
// (tests/unit/gen_inspect_expected.sh does exactly that).  Each case is a
// mode and a value written in a tiny language that both this script and the
// C test parse, so the two sides always build the same value:
//
//   undefined null true false
//   123 -4              integers (VOW_INT in C)
//   1.5 -0.0 1e21 NaN Infinity -Infinity   anything else numeric (VOW_DOUBLE)
//   "text\n"            a JSON string literal (VOW_STRING)
//   [a, b, ...]         an array
//   fulfilled(v) rejected(v)                 allSettled records
//   Error("m") TypeError("m") AggregateError([...], "m")
//                       errors whose stack is "Name: m" (vow errors have no
//                       stack trace)
//   Promise(v) PromiseRejected(v) PromisePending()
//   rep(n, "s")         the string s repeated n times
//   range(start, count) [start, start+1, ...] (integers)
//   cycle(a, ...)       the array [a, ..., <itself>]
//
// Modes: "inspect" is util.inspect(x) (vow_value_inspect), "format" is
// console.log(x) without its newline (vow_value_format).
'use strict';

const util = require('node:util');

const cases = [
  // primitives
  ['inspect', 'undefined'],
  ['inspect', 'null'],
  ['inspect', 'true'],
  ['inspect', 'false'],
  ['inspect', '0'],
  ['inspect', '42'],
  ['inspect', '-17'],
  ['inspect', '9007199254740991'],
  ['inspect', '-9007199254740991'],
  ['inspect', '5.0'],
  ['inspect', '1.5'],
  ['inspect', '-0.0'],
  ['inspect', '0.1'],
  ['inspect', '0.30000000000000004'],
  ['inspect', '3.141592653589793'],
  ['inspect', '1e21'],
  ['inspect', '1e20'],
  ['inspect', '123456789012345680000.0'],
  ['inspect', '1.5e-7'],
  ['inspect', '0.000001'],
  ['inspect', '0.0000001'],
  ['inspect', '1.7976931348623157e308'],
  ['inspect', '5e-324'],
  ['inspect', '-2.5e-10'],
  ['inspect', '123.456'],
  ['inspect', '100.0'],
  ['inspect', 'NaN'],
  ['inspect', 'Infinity'],
  ['inspect', '-Infinity'],
  ['format', '-0.0'],
  ['format', 'NaN'],
  ['format', 'null'],
  // strings
  ['inspect', '""'],
  ['inspect', '"hello"'],
  ['format', '"hello"'],
  ['format', '"it\'s \\"raw\\"\\n\\ttoo"'],
  ['inspect', '"it\'s"'],
  ['inspect', '"say \\"hi\\""'],
  ['inspect', '"it\'s \\"x\\""'],
  ['inspect', '"it\'s \\"x\\" `y`"'],
  ['inspect', '"it\'s \\"x\\" ${y}"'],
  ['inspect', '"a\\nb\\tc\\\\d\\re\\bf\\fg\\u000bh"'],
  ['inspect', '"\\u0000\\u0001\\u001f\\u007f\\u0080\\u009f\\u00a0"'],
  ['inspect', '"caf\\u00e9 \\u65e5\\u672c \\ud83d\\ude00"'],
  ['inspect', '"line one\\nline two"'],
  ['inspect', 'rep(100, "a")'],
  ['inspect', 'rep(20, "line\\n")'],
  ['inspect', '"first line of a long text that goes on and on\\nsecond line that also goes on\\nthird it\'s"'],
  ['format', 'rep(20, "line\\n")'],
  ['inspect', '[rep(70, "x") ]'],
  ['inspect', '["a short one\\nwith a newline that is long enough to split at depth one"]'],
  ['inspect', 'rep(10001, "z")'],
  ['inspect', '"\\n"'],
  ['inspect', 'rep(5, "0123456789abcdef\\n")'],
  // arrays
  ['inspect', '[]'],
  ['inspect', '[1, 2, 3]'],
  ['format', '[1, 2, 3]'],
  ['inspect', '["a", "b"]'],
  ['inspect', '[undefined, null, true, 1.5, "x"]'],
  ['inspect', '[[]]'],
  ['inspect', '[[1, 2], [3, 4]]'],
  ['inspect', '[[[1]]]'],
  ['inspect', '[[[[1]]]]'],
  ['inspect', '[[[[[]]]]]'],
  ['inspect', '[1, [2, [3, [4, [5]]]]]'],
  ['inspect', 'range(1, 6)'],
  ['inspect', 'range(1, 7)'],
  ['inspect', 'range(1, 10)'],
  ['inspect', 'range(1, 26)'],
  ['inspect', 'range(0, 100)'],
  ['inspect', 'range(0, 101)'],
  ['inspect', 'range(0, 102)'],
  ['inspect', 'range(0, 250)'],
  ['inspect', 'range(-5, 12)'],
  ['inspect', 'range(990, 30)'],
  ['inspect', '[1.5, 2.25, -3, 4, 1e21, 0.001, 7, 8]'],
  ['inspect', '[1, 2, 3, 4, 5, 6, "seven"]'],
  ['inspect', '["a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg", "hhhhhhhh"]'],
  ['inspect', '["apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew", "kiwi", "lemon", "mango", "nectarine"]'],
  ['inspect', '["x", "a much longer string than the others here", "y", "z", "w", "v", "u"]'],
  ['inspect', '["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "twenty-one", "twenty-two", "twenty-three", "twenty-four", "twenty-five", "twenty-six", "twenty-seven"]'],
  ['inspect', '[rep(30, "a"), rep(30, "b"), rep(30, "c")]'],
  ['inspect', '[rep(20, "a"), rep(20, "b"), rep(20, "c")]'],
  ['inspect', '[true, false, true, false, true, false, true, false, true]'],
  ['inspect', '[null, null, null, null, null, null, null]'],
  ['inspect', '[undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]'],
  ['inspect', '[range(1, 7), range(1, 7)]'],
  ['inspect', '[range(1, 30), "x"]'],
  ['inspect', '[[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [13, 14, 15], [16, 17, 18], [19, 20, 21]]'],
  ['inspect', '[[[range(1, 10)]]]'],
  ['inspect', '[[range(1, 10)]]'],
  ['inspect', '["\\u65e5\\u672c", "\\u65e5\\u672c\\u8a9e", "a", "b", "c", "d", "e", "f"]'],
  ['inspect', 'cycle(1, 2)'],
  ['inspect', '[cycle("a")]'],
  ['inspect', 'cycle()'],
  ['inspect', '[cycle(), cycle(1)]'],
  ['inspect', 'fulfilled(cycle(fulfilled(1)))'],
  ['inspect', '[[[[cycle()]]]]'],
  ['inspect', 'range(0, 1000)'],
  ['inspect', '[range(0, 101), range(0, 101)]'],
  ['inspect', '["\\ud83d\\ude00", "\\ud83d\\ude00\\ud83d\\ude00", "a", "bb", "\\u65e5", "\\u00e9\\u00e9", "u\\u0308", "x", "y", "z"]'],
  ['inspect', '["\\u0001", "\\u0001\\u0002", "a\\n", "b", "c", "d", "e", "f", "g"]'],
  ['inspect', 'rep(120, "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890\\n")'],
  ['inspect', 'rep(5001, "\\ud83d\\ude00")'],
  ['inspect', 'rep(3334, "\\ud83d\\ude00a")'],
  // 74 lines of 134 digits, a newline and an emoji: the 10000-unit cut
  // splits the 73rd emoji, after a newline.
  ['inspect', 'rep(74, "01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123\\n\\ud83d\\ude00")'],
  ['inspect', 'rep(30, "\\ud83d\\ude00\\n")'],
  // allSettled records
  ['inspect', 'fulfilled(1)'],
  ['inspect', 'rejected(Error("boom"))'],
  ['inspect', '[fulfilled(1), rejected("no")]'],
  ['inspect', '[fulfilled(1), rejected(Error("boom")), fulfilled("three")]'],
  ['inspect', '[fulfilled(1), fulfilled(2), rejected(3), fulfilled(4), rejected(5), fulfilled(6), fulfilled(7)]'],
  ['inspect', '[fulfilled("alpha"), rejected(Error("beta failed")), fulfilled([1, 2, 3]), rejected(TypeError("bad")), fulfilled(null), fulfilled(undefined), rejected(-1)]'],
  ['inspect', 'fulfilled([1, [2, [3]]])'],
  ['inspect', '[[fulfilled(1)]]'],
  ['inspect', '[[[fulfilled(1)]]]'],
  ['inspect', 'fulfilled(rep(90, "v"))'],
  ['inspect', 'fulfilled(range(0, 30))'],
  // errors
  ['inspect', 'Error("x")'],
  ['inspect', 'Error("")'],
  ['inspect', 'TypeError("not a function")'],
  ['inspect', 'Error("multi\\nline")'],
  ['inspect', '[Error("multi\\nline")]'],
  ['inspect', '[[Error("multi\\nline")]]'],
  ['inspect', '[Error("a"), Error("b")]'],
  ['inspect', '[[[Error("deep")]]]'],
  ['inspect', '[[[[Error("deeper")]]]]'],
  ['inspect', 'AggregateError([-1, Infinity], "All promises were rejected")'],
  ['inspect', 'AggregateError([Error("a"), Error("b")], "All promises were rejected")'],
  ['inspect', 'AggregateError([], "")'],
  ['inspect', 'AggregateError([], "none")'],
  ['inspect', '[AggregateError([1], "m")]'],
  ['inspect', '[[[AggregateError([1], "m")]]]'],
  ['inspect', 'AggregateError([[[1]]], "m")'],
  ['inspect', 'AggregateError(range(0, 30), "many")'],
  ['inspect', 'Error("it\'s")'],
  ['inspect', 'Error("a\\n    at foo (bar.js:1:1)")'],
  ['inspect', '[Error("a\\n    at foo (bar.js:1:1)")]'],
  ['inspect', 'AggregateError([AggregateError([1], "inner")], "outer")'],
  ['inspect', '[[AggregateError([AggregateError([1], "inner")], "outer")]]'],
  ['inspect', 'PromiseRejected(AggregateError([1, 2], "x"))'],
  ['format', 'Error("x")'],
  // promises
  ['inspect', 'Promise(1)'],
  ['inspect', 'Promise("s")'],
  ['inspect', 'Promise([1, 2])'],
  ['inspect', 'Promise(range(0, 30))'],
  ['inspect', 'Promise(undefined)'],
  ['inspect', 'PromisePending()'],
  ['inspect', 'PromiseRejected(Error("r"))'],
  ['inspect', 'PromiseRejected(42)'],
  ['inspect', '[Promise(1), PromisePending(), PromiseRejected("no")]'],
  ['inspect', '[[[Promise(1)]]]'],
  ['inspect', 'Promise([[[1]]])'],
  ['inspect', 'Promise(fulfilled(1))'],
  ['inspect', 'Promise(rep(90, "p"))'],
  ['format', 'Promise(1)'],
];

// ---- the value language --------------------------------------------------

function stackless(e) {
  e.stack = e.message ? `${e.name}: ${e.message}` : e.name;
  return e;
}

function parse(src) {
  let i = 0;
  const ws = () => { while (i < src.length && /\s/.test(src[i])) i++; };
  const expect = (ch) => {
    ws();
    if (src[i] !== ch) throw new Error(`expected ${ch} at ${i} in ${src}`);
    i++;
  };
  const list = (close) => {
    const items = [];
    ws();
    if (src[i] === close) { i++; return items; }
    for (;;) {
      items.push(value());
      ws();
      if (src[i] === ',') { i++; continue; }
      expect(close);
      return items;
    }
  };
  function value() {
    ws();
    const ch = src[i];
    if (ch === '[') { i++; return list(']'); }
    if (ch === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      const s = JSON.parse(src.slice(i, j + 1));
      i = j + 1;
      return s;
    }
    const m = /^(-?[0-9][0-9.eE+-]*|-?Infinity|NaN|[A-Za-z_][A-Za-z_0-9]*)/.exec(src.slice(i));
    if (!m) throw new Error(`bad value at ${i} in ${src}`);
    i += m[0].length;
    const tok = m[0];
    if (tok === 'undefined') return undefined;
    if (tok === 'null') return null;
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    if (/^(-?[0-9]|-?Infinity|NaN)/.test(tok)) return Number(tok);
    expect('(');
    const a = list(')');
    switch (tok) {
      case 'fulfilled': return { status: 'fulfilled', value: a[0] };
      case 'rejected': return { status: 'rejected', reason: a[0] };
      case 'Error': return stackless(new Error(a[0]));
      case 'TypeError': return stackless(new TypeError(a[0]));
      case 'AggregateError': return stackless(new AggregateError(a[0], a[1]));
      case 'Promise': return Promise.resolve(a[0]);
      case 'PromiseRejected': {
        const p = Promise.reject(a[0]);
        p.catch(() => {});
        return p;
      }
      case 'PromisePending': return new Promise(() => {});
      case 'rep': return a[1].repeat(a[0]);
      case 'range': return Array.from({ length: a[1] }, (_, k) => a[0] + k);
      case 'cycle': a.push(a); return a;
      default: throw new Error(`unknown function ${tok}`);
    }
  }
  const v = value();
  ws();
  if (i !== src.length) throw new Error(`trailing text in ${src}`);
  return v;
}

// ---- the header ------------------------------------------------------------

// A C string literal: ASCII controls as octal escapes, other UTF-8 raw.
function cString(s) {
  let out = '"';
  let col = 0;
  for (const ch of s) {
    const b = ch.codePointAt(0);
    let piece;
    if (b === 0x22) piece = '\\"';
    else if (b === 0x5c) piece = '\\\\';
    else if (b >= 0x20 && b !== 0x3f && b !== 0x7f) piece = ch;
    else piece = '\\' + b.toString(8).padStart(3, '0');
    out += piece;
    col += piece.length;
    if (b === 0x0a || col > 70) {
      out += '"\n\t  "';
      col = 0;
    }
  }
  return out + '"';
}

const lines = [
  '/* inspect_expected.h - GENERATED by tests/unit/gen_inspect_expected.sh',
  ` * (node ${process.version}) from tests/unit/inspect_cases.js.  Do not edit. */`,
  '',
  'static const struct inspect_case {',
  '\tint format;            /* 0: util.inspect(x), 1: console.log(x) */',
  '\tconst char *value;     /* the value, in inspect_cases.js\'s language */',
  '\tconst char *expected;  /* what Node prints */',
  '} inspect_cases[] = {',
];
for (const [mode, src] of cases) {
  const v = parse(src);
  const text = mode === 'format' ? util.format(v) : util.inspect(v);
  lines.push(`\t{${mode === 'format' ? 1 : 0}, ${cString(src)},`);
  lines.push(`\t  ${cString(text)}},`);
}
lines.push('};');
process.stdout.write(lines.join('\n') + '\n');
