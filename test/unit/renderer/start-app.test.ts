import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appScriptsOf, firstFrameBoundMs, startAppAfterFirstFrame } from '../../../src/renderer/src/boot/start-app';

interface Made {
  readonly tag: string;
  rel?: string;
  type?: string;
  href?: string;
  src?: string;
  crossOrigin?: string | null;
}

/** A window and a document as far as starting the app needs them: frames, timers, <head>. */
function fakePage(visibilityState: DocumentVisibilityState = 'visible') {
  const frames: (() => void)[] = [];
  const tasks: { run: () => void; ms: number }[] = [];
  const head: Made[] = [];
  const doc = {
    visibilityState,
    head: { append: (node: Made) => head.push(node) },
    createElement: (tag: string): Made => ({ tag }),
  };
  const win = {
    requestAnimationFrame: (run: () => void) => frames.push(run),
    setTimeout: (run: () => void, ms = 0) => tasks.push({ run, ms }),
  };
  return { doc: doc as unknown as Document, win: win as unknown as Window, frames, tasks, head };
}

const scripts = { entry: './assets/index-a.js', preload: ['./assets/Page-b.js', './assets/c.js'] };

test('the build’s data on the boot script names the app’s script and its preloads', () => {
  const dataset = { app: './assets/index-a.js', preload: './assets/Page-b.js ./assets/c.js' };
  assert.deepEqual(appScriptsOf({ dataset }), scripts);
  assert.deepEqual(appScriptsOf({ dataset: { app: './assets/index-a.js', preload: '' } }), { entry: './assets/index-a.js', preload: [] });
  assert.equal(appScriptsOf({ dataset: {} }), undefined);
  assert.equal(appScriptsOf(null), undefined);
});

test('the app’s script is asked for once the frame is painted, after its preloads, once', () => {
  const { doc, win, frames, tasks, head } = fakePage();
  const asked: (readonly string[])[] = [];
  startAppAfterFirstFrame(doc, win, scripts, (files) => asked.push(files));
  assert.equal(head.length, 0, 'nothing before the frame');
  frames.shift()?.();
  assert.equal(head.length, 0, 'nor in the frame’s own callback, which runs before it is painted');
  const afterPaint = tasks.find((t) => t.ms === 0);
  afterPaint?.run();
  assert.deepEqual(
    head.map((n) => [n.tag, n.rel ?? n.type, n.href ?? n.src, n.crossOrigin]),
    [
      ['link', 'modulepreload', './assets/Page-b.js', ''],
      ['link', 'modulepreload', './assets/c.js', ''],
      ['script', 'module', './assets/index-a.js', ''],
    ],
  );
  assert.deepEqual(asked, [['./assets/index-a.js', './assets/Page-b.js', './assets/c.js']]);
  // The bound fires later and changes nothing.
  const bound = tasks.find((t) => t.ms === firstFrameBoundMs);
  assert.ok(bound, 'a bound is set');
  bound.run();
  assert.equal(head.length, 3);
  assert.equal(asked.length, 1);
});

test('the app starts anyway when no frame comes (a throttled tab), and at once in a hidden window', () => {
  const throttled = fakePage();
  startAppAfterFirstFrame(throttled.doc, throttled.win, scripts);
  throttled.tasks.find((t) => t.ms === firstFrameBoundMs)?.run();
  assert.equal(throttled.head.filter((n) => n.tag === 'script').length, 1);
  assert.ok(firstFrameBoundMs <= 1000, 'a second at most');

  const hidden = fakePage('hidden');
  startAppAfterFirstFrame(hidden.doc, hidden.win, scripts);
  assert.equal(hidden.head.filter((n) => n.tag === 'script').length, 1);
  assert.equal(hidden.frames.length + hidden.tasks.length, 0);

  const none = fakePage();
  startAppAfterFirstFrame(none.doc, none.win, undefined);
  assert.equal(none.frames.length + none.tasks.length + none.head.length, 0, 'a page without the build’s data (the dev server) is left alone');
});
