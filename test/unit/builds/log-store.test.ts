import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { LogStore } from '../../../src/main/core/builds/log-store';
import { tempDir } from '../../support/temp';

/** Line i of the test log: varying lengths, and a multi-byte character now and then, so some straddle the 1 MiB reads. */
const lineOf = (i: number) => `${i} ${'x'.repeat(i % 97)}${i % 13 === 0 ? ' ✓ 构建' : ''}`;

test('a long log read in pages, in any order, gives each line exactly as written', () => {
  const logs = new LogStore(tempDir());
  const total = 123_457;
  const all = Array.from({ length: total }, (_, i) => lineOf(i));
  for (let i = 0; i < total; i += 10_000) logs.append('long', all.slice(i, i + 10_000));
  logs.close('long');
  // Pages from the top, as the build page reads them.
  const paged: string[] = [];
  for (let from = 0; from < total; from += 50_000) paged.push(...logs.read('long', from, 50_000));
  assert.equal(paged.length, total);
  assert.deepEqual(paged, all);
  // A fresh store (no offsets kept) asked for the end first, then the middle, then the start.
  const fresh = new LogStore(logs.path('long').replace(/\/logs\/long\.log$/, ''));
  for (const from of [120_000, 123_450, 60_001, 9_999, 10_000, 0, 123_457, 200_000]) {
    assert.deepEqual(fresh.read('long', from, 7), all.slice(from, from + 7), `from ${from}`);
  }
});

test('a log still being written: later lines appear, and a line without its newline yet is not returned', () => {
  const dir = tempDir();
  const logs = new LogStore(dir);
  logs.append('live', Array.from({ length: 25_000 }, (_, i) => lineOf(i)));
  assert.equal(logs.read('live', 24_999, 10).length, 1);
  logs.append('live', ['one more', 'and another']);
  assert.deepEqual(logs.read('live', 24_999, 10), [lineOf(24_999), 'one more', 'and another']);
  appendFileSync(logs.path('live'), 'half a line');
  assert.deepEqual(logs.read('live', 25_001, 10), ['and another']);
});

test('a log file replaced by a shorter one is read from its own start, not from offsets kept for the old one', () => {
  const logs = new LogStore(tempDir());
  logs.append('swap', Array.from({ length: 30_000 }, (_, i) => lineOf(i)));
  logs.close('swap');
  assert.equal(logs.read('swap', 29_000, 1)[0], lineOf(29_000));
  writeFileSync(logs.path('swap'), 'a\nb\nc\n');
  assert.deepEqual(logs.read('swap', 0, 10), ['a', 'b', 'c']);
  assert.deepEqual(logs.read('swap', 2, 10), ['c']);
});
