import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { backgroundNotice, windowCloseAction } from '../../../src/shared/desktop/close-policy';
import { exitPlan, exitQuestion } from '../../../src/shared/desktop/when-building';

test('closing the window hides it (never quits), and says so only the first time', () => {
  assert.deepEqual(windowCloseAction({ quitting: false, noticeShown: false }), { kind: 'hide', notice: true });
  assert.deepEqual(windowCloseAction({ quitting: false, noticeShown: true }), { kind: 'hide', notice: false });
  assert.deepEqual(windowCloseAction({ quitting: true, noticeShown: false }), { kind: 'close' });
  assert.match(backgroundNotice(createTranslator('en')).title, /keeps building in the background/);
});

test('quit or restart with builds running asks; the answer waits or stops exactly those builds', () => {
  assert.deepEqual(exitPlan([], 'ask'), { kind: 'now' });
  assert.deepEqual(exitPlan([], 'stop'), { kind: 'now' });
  assert.deepEqual(exitPlan(['a', 'b'], 'ask'), { kind: 'ask', active: 2 });
  assert.deepEqual(exitPlan(['a', 'b'], 'wait'), { kind: 'wait', active: 2 });
  assert.deepEqual(exitPlan(['a', 'b'], 'stop'), { kind: 'stop', buildIds: ['a', 'b'] });
});

test('the question names the count and both ways out', () => {
  const q = exitQuestion(1, 'quit');
  assert.equal(q.message, '1 build is still running.');
  assert.deepEqual(q.buttons, ['Quit when builds end', 'Stop builds and quit', 'Cancel']);
  assert.match(q.detail, /canceled/);
  assert.equal(exitQuestion(3, 'restart').message, '3 builds are still running.');
});
