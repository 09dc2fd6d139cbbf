import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeForShortcut, routeFromHash, shortcutsUseMeta } from '../../../src/renderer/src/app/routes';

const key = (k: string, held: { ctrl?: boolean; meta?: boolean; alt?: boolean; shift?: boolean } = {}) => ({
  key: k,
  ctrlKey: held.ctrl ?? false,
  metaKey: held.meta ?? false,
  altKey: held.alt ?? false,
  shiftKey: held.shift ?? false,
});

test('Ctrl+1…5 (Cmd on a Mac) name the five pages, and nothing else does', () => {
  assert.equal(routeForShortcut(key('4', { ctrl: true }), false), 'builds');
  assert.equal(routeForShortcut(key('1', { ctrl: true }), false), 'code-source');
  assert.equal(routeForShortcut(key('5', { meta: true }), true), 'settings');
  // The other modifier, an extra one, no modifier, or another key: not a page shortcut.
  assert.equal(routeForShortcut(key('4', { meta: true }), false), undefined);
  assert.equal(routeForShortcut(key('4', { ctrl: true }), true), undefined);
  assert.equal(routeForShortcut(key('4', { ctrl: true, shift: true }), false), undefined);
  assert.equal(routeForShortcut(key('4', { ctrl: true, alt: true }), false), undefined);
  assert.equal(routeForShortcut(key('4'), false), undefined);
  assert.equal(routeForShortcut(key('6', { ctrl: true }), false), undefined);
  assert.equal(shortcutsUseMeta('MacIntel'), true);
  assert.equal(shortcutsUseMeta('Linux x86_64'), false);
  assert.equal(shortcutsUseMeta('Win32'), false);
});

test('an address names its page; the token, a detail or nothing at all land on the first', () => {
  assert.equal(routeFromHash('#/builds/abc'), 'builds');
  assert.equal(routeFromHash('#/registries'), 'registries');
  assert.equal(routeFromHash('#token=abc'), 'code-source');
  assert.equal(routeFromHash(''), 'code-source');
  assert.equal(routeFromHash('#/nowhere'), 'code-source');
});
