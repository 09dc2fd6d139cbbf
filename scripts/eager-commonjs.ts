/**
 * React and ReactDOM ship as CommonJS; the bundler wraps each such module's body in an arrow
 * function that runs when the module is first required. V8 compiles a function lazily, on its first
 * call, unless it looks immediately invoked (a `function` expression in parentheses): so ReactDOM's
 * ~180 KB body was compiled on the window's main thread while the app's script ran, ~80 ms of its
 * ~115 ms there (issue 15), after Chromium had streamed and compiled the rest of the file on a
 * background thread. Written as parenthesized `function` expressions, the wrappers are compiled
 * with the file, off the main thread: the script's run measured ~35 ms shorter.
 *
 * The wrapper is called as `cb(module.exports, module)` with no `this`, and CommonJS bodies do not
 * read `arguments` at their top level, so the two forms behave the same.
 */
import type { Plugin } from 'vite';

const arrowWrapper = /__commonJSMin\(\(\((exports(?:, module)?)\) => \{/g;

export function eagerCommonJsWrappers(code: string): string {
  return code.replace(arrowWrapper, (_match, params: string) => `__commonJSMin((function(${params}) {`);
}

export function eagerCommonJs(): Plugin {
  return {
    name: 'slipway-eager-commonjs',
    apply: 'build',
    renderChunk(code) {
      const eager = eagerCommonJsWrappers(code);
      return eager === code ? null : { code: eager, map: null };
    },
  };
}
