import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { eagerCommonJsWrappers } from '../../../scripts/eager-commonjs';

test('CommonJS wrappers become parenthesized function expressions, which V8 compiles with the file; the rest is untouched', () => {
  const bundled = [
    'var require_a = /* @__PURE__ */ __commonJSMin(((exports, module) => {',
    '\tmodule.exports = 1;',
    '}));',
    'var require_b = /* @__PURE__ */ __commonJSMin(((exports) => {',
    '\texports.x = () => 2;',
    '}));',
    'const f = ((a) => { return a; });',
  ].join('\n');
  const eager = eagerCommonJsWrappers(bundled);
  assert.match(eager, /__commonJSMin\(\(function\(exports, module\) \{\n\tmodule\.exports = 1;\n\}\)\);/);
  assert.match(eager, /__commonJSMin\(\(function\(exports\) \{\n\texports\.x = \(\) => 2;\n\}\)\);/);
  assert.ok(eager.includes('const f = ((a) => { return a; });'));
  // Both forms load the same module.
  const load = (code: string) => new Function(`const __commonJSMin = (cb, mod) => () => (mod || cb((mod = { exports: {} }).exports, mod), mod.exports);\n${code}\nreturn [require_a(), require_b().x()];`)() as unknown;
  assert.deepEqual(load(eager), load(bundled));
  assert.deepEqual(load(eager), [1, 2]);
});

test('the built renderer has no CommonJS wrapper left as an arrow function (ReactDOM among them)', () => {
  assert.ok(existsSync('out/renderer/assets'), 'the renderer is built by `npm test` before the tests run');
  const index = readdirSync('out/renderer/assets').find((name) => /^index-[\w-]+\.js$/.test(name));
  assert.ok(index);
  const code = readFileSync(`out/renderer/assets/${index}`, 'utf8');
  assert.match(code, /__REACT_DEVTOOLS_GLOBAL_HOOK__/);
  // Minified, a wrapper reads `o((function(e,t){…}))`; left lazy it read `o(((e,t)=>{…}))`.
  assert.ok((code.match(/\(\(function\([a-z]+(,[a-z]+)?\)\{/g) ?? []).length >= 5, 'ReactDOM, React, the scheduler and the JSX runtime are eager');
  assert.doesNotMatch(code, /[=,]\s*[\w$]+\(\(\(([\w$]+,)?[\w$]+\)=>\{function [\w$]+\(\)\{if\(typeof __REACT_DEVTOOLS_GLOBAL_HOOK__/);
});
