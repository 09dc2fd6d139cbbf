import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeWindow, type Rect } from '../../../src/shared/desktop/window-bounds';
import { DesktopStateFile } from '../../../src/main/core/desktop/desktop-state';
import { writeFileSync } from 'node:fs';
import { tempDir } from '../../support/temp';

const primary: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const right: Rect = { x: 1440, y: 0, width: 1920, height: 1080 };
const defaults = { width: 1200, height: 800 };
const minimum = { width: 860, height: 560 };

test('first start: the default size centered on the primary display', () => {
  assert.deepEqual(placeWindow(null, [primary], defaults, minimum), { x: 120, y: 63, width: 1200, height: 800 });
});

test('remembered bounds that fit are kept as they were', () => {
  const saved = { x: 1600, y: 100, width: 1000, height: 700 };
  assert.deepEqual(placeWindow(saved, [primary, right], defaults, minimum), saved);
});

test('a display unplugged since: back on the primary, same size', () => {
  const saved = { x: 1600, y: 100, width: 1000, height: 700 };
  assert.deepEqual(placeWindow(saved, [primary], defaults, minimum), { x: 220, y: 113, width: 1000, height: 700 });
});

test('half off screen: moved in so the title bar is reachable; too big: shrunk to the work area', () => {
  assert.deepEqual(placeWindow({ x: -300, y: -50, width: 1000, height: 700 }, [primary], defaults, minimum), { x: 0, y: 25, width: 1000, height: 700 });
  assert.deepEqual(placeWindow({ x: 100, y: 100, width: 3000, height: 2000 }, [primary], defaults, minimum), { x: 0, y: 25, width: 1440, height: 875 });
  assert.deepEqual(placeWindow({ x: 1300, y: 800, width: 900, height: 600 }, [primary], defaults, minimum), { x: 540, y: 300, width: 900, height: 600 });
});

test('the state file remembers bounds and the notice, and forgets a broken file', () => {
  const dir = tempDir();
  const file = new DesktopStateFile(dir);
  assert.deepEqual(file.read(), { bounds: null, maximized: false, backgroundNoticeShown: false });
  file.update({ bounds: { x: 10, y: 20, width: 900, height: 600 } });
  file.update({ backgroundNoticeShown: true });
  assert.deepEqual(new DesktopStateFile(dir).read(), { bounds: { x: 10, y: 20, width: 900, height: 600 }, maximized: false, backgroundNoticeShown: true });
  writeFileSync(file.path, '{"bounds": {"x": "left"}, "backgroundNoticeShown": true');
  assert.deepEqual(file.read(), { bounds: null, maximized: false, backgroundNoticeShown: false });
  writeFileSync(file.path, '{"bounds": {"x": "left"}, "backgroundNoticeShown": true}');
  assert.deepEqual(file.read(), { bounds: null, maximized: false, backgroundNoticeShown: true });
});
