import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HealthBook, restMs } from '../../../src/main/core/builders/health';
import { phrase } from '../../../src/shared/i18n/phrase';

test('rests grow 15 s, 30 s, 1 min, 2 min, 4 min and stop at 5 min', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 40].map((n) => restMs(n)), [15_000, 30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
});

test('a failing builder rests with its reason, is tried again when the rest ends, and rests longer next time', () => {
  let now = Date.UTC(2026, 0, 1);
  const book = new HealthBook(() => now);
  assert.deepEqual(book.health('b'), { state: 'healthy' });

  const first = book.failed('b', 'connection refused');
  assert.deepEqual(first, { state: 'resting', failures: 1, until: new Date(now + 15_000).toISOString(), reason: 'connection refused' });
  assert.equal(book.isResting('b'), true);
  now += 14_999;
  assert.equal(book.isResting('b'), true, 'still resting a millisecond before its time');
  now += 1;
  assert.deepEqual(book.health('b'), { state: 'healthy' }, 'tried again once the rest is over');

  const second = book.failed('b', 'timed out');
  assert.equal(second.state === 'resting' && second.until, new Date(now + 30_000).toISOString());
  assert.equal(second.state === 'resting' && second.reason, 'timed out', 'the latest reason is shown');
  assert.equal(second.state === 'resting' && second.failures, 2);
  now += 30_000;
  const third = book.failed('b', 'timed out');
  assert.equal(third.state === 'resting' && third.until, new Date(now + 60_000).toISOString());
});

test('a success forgets the failures: the next rest is short again', () => {
  let now = 0;
  const book = new HealthBook(() => now);
  book.failed('b', 'x');
  now += 15_000;
  book.failed('b', 'x');
  assert.equal(book.succeeded('b'), true);
  assert.deepEqual(book.health('b'), { state: 'healthy' });
  assert.equal(book.succeeded('b'), false, 'nothing left to forget');
  const again = book.failed('b', 'x');
  assert.equal(again.state === 'resting' && again.until, new Date(now + 15_000).toISOString());
});

test('builders rest independently, and a phrase reason keeps its English and its phrase', () => {
  const book = new HealthBook(() => 0);
  const reason = phrase('builds.errors.noEngineAt', { endpoint: '"tcp://127.0.0.1:9"' });
  const resting = book.failed('a', reason);
  assert.equal(resting.state, 'resting');
  assert.equal(resting.state === 'resting' && resting.reason, 'No Docker engine answers at "tcp://127.0.0.1:9".');
  assert.deepEqual(resting.state === 'resting' && resting.reasonPhrase, reason);
  assert.deepEqual(book.health('other'), { state: 'healthy' });
});
