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
  assert.equal(log.complete, true);
});

test('a chunk after a gap is placed at once; the lines before it are a hole until a read fills them', () => {
  const log = new LogAssembly();
  log.offer(0, lines(0, 10));
  assert.equal(log.offer(20, lines(20, 25)), true, 'the tail of a flood shows at once');
  assert.equal(log.offer(25, lines(25, 30)), true);
  assert.equal(log.lines.length, 30, 'the count includes the lines not read yet');
  assert.deepEqual(log.holes, [{ from: 10, to: 20 }]);
  assert.equal(log.complete, false);
  assert.equal(log.missing(9), false);
  assert.equal(log.missing(10), true);
  assert.equal(log.missing(19), true);
  assert.equal(log.missing(20), false);
  assert.deepEqual(log.lines.slice(20), lines(20, 30));
  // The read of the stored log from line 10 brings 10..22 (it overlaps the lines held after the hole).
  assert.equal(log.offer(10, lines(10, 22)), true);
  assert.equal(log.complete, true);
  assert.deepEqual(log.lines, lines(0, 30));
});

test('a read inside a hole splits it; reads in any order fill every line once', () => {
  const log = new LogAssembly();
  log.offer(100, lines(100, 101));
  assert.deepEqual(log.holes, [{ from: 0, to: 100 }]);
  assert.equal(log.offer(40, lines(40, 60)), true, 'the lines in view, read first');
  assert.deepEqual(log.holes, [
    { from: 0, to: 40 },
    { from: 60, to: 100 },
  ]);
  assert.equal(log.offer(40, lines(40, 60)), false, 'read twice: nothing new');
  log.offer(150, lines(150, 151));
  assert.deepEqual(log.holes, [
    { from: 0, to: 40 },
    { from: 60, to: 100 },
    { from: 101, to: 150 },
  ]);
  assert.equal(log.offer(0, lines(0, 151)), true, 'one read over everything fills every hole, keeps the lines it had');
  assert.equal(log.complete, true);
  assert.deepEqual(log.lines, lines(0, 151));
});

test('an empty line read into a hole is a line, not a hole', () => {
  const log = new LogAssembly();
  log.offer(3, ['d']);
  log.offer(0, ['', 'b', '']);
  assert.equal(log.complete, true);
  assert.deepEqual(log.lines, ['', 'b', '', 'd']);
  assert.equal(log.missing(0), false);
});
