import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogAssembly } from '../../../src/renderer/src/features/builds/log-assembly';

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line-${from + i + 1}`);

test('pages and live chunks overlap: each line is placed once, in order', () => {
  const log = new LogAssembly();
  assert.equal(log.offer(0, lines(0, 5)), true);
  assert.equal(log.offer(3, lines(3, 8)), true, 'the overlap is skipped, the rest appended');
  assert.equal(log.offer(0, lines(0, 8)), false, 'a chunk already held adds nothing');
  assert.deepEqual(log.lines, lines(0, 8));
  assert.equal(log.gap, false);
});

test('a chunk after a gap is held, says there is a gap, and is placed once the missing lines are read', () => {
  const log = new LogAssembly();
  log.offer(0, lines(0, 10));
  assert.equal(log.offer(20, lines(20, 25)), false);
  assert.equal(log.offer(25, lines(25, 30)), false);
  assert.equal(log.gap, true, 'someone must read the stored log from line 10');
  assert.deepEqual(log.lines, lines(0, 10), 'nothing placed out of order');
  // The catch-up read from line 10 brings 10..22 (it overlaps the held chunk).
  assert.equal(log.offer(10, lines(10, 22)), true);
  assert.equal(log.gap, false, 'the held chunks followed: nothing is held forever');
  assert.deepEqual(log.lines, lines(0, 30));
});

test('held chunks that the catch-up read already covers are dropped', () => {
  const log = new LogAssembly();
  log.offer(5, lines(5, 8));
  assert.equal(log.gap, true);
  log.offer(0, lines(0, 12));
  assert.equal(log.gap, false);
  assert.deepEqual(log.lines, lines(0, 12));
});
