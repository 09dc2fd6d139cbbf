import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, defaultDeliveryPolicy } from '../../../src/main/core/webhooks/policy';
import type { PostResult } from '../../../src/main/core/webhooks/http-post';
import { judge } from '../../../src/main/core/webhooks/worker';

// The schedule the README states: after failed attempt n (of six) the next one waits
// 10 s × 2^(n−1) ± 10 %, counted from the moment that attempt ended.
const nominal = [10_000, 20_000, 40_000, 80_000, 160_000];
const failed = (): PostResult => ({ startedAt: new Date(0).toISOString(), durationMs: 3, statusCode: 503, requestHeaders: [], responseHeaders: [], responseBody: '', responseTruncated: false, error: null });

test('the default retry waits are 10, 20, 40, 80 and 160 s, each within ±10 %', () => {
  assert.equal(defaultDeliveryPolicy.maxAttempts, 6);
  nominal.forEach((ms, i) => {
    const attempt = i + 1;
    assert.equal(backoffDelay(defaultDeliveryPolicy, attempt, () => 0), ms * 0.9, `lowest wait after attempt ${attempt}`);
    assert.equal(backoffDelay(defaultDeliveryPolicy, attempt, () => 0.5), ms, `middle wait after attempt ${attempt}`);
    assert.equal(backoffDelay(defaultDeliveryPolicy, attempt, () => 1 - Number.EPSILON), ms * 1.1, `highest wait after attempt ${attempt}`);
    for (let k = 0; k < 200; k++) {
      const wait = backoffDelay(defaultDeliveryPolicy, attempt);
      assert.ok(wait >= ms * 0.9 && wait <= ms * 1.1, `${wait} ms after attempt ${attempt}`);
    }
  });
  // Seen from outside as about 10, 19 and 37 s: 20 and 40 are only the middles of their ranges.
  assert.equal(backoffDelay(defaultDeliveryPolicy, 2, () => 0.25), 19_000);
  assert.equal(backoffDelay(defaultDeliveryPolicy, 3, () => 0.125), 37_000);
});

test('the wait is counted from the end of the failed attempt, and the sixth failure is final', () => {
  const endedAt = 1_000_000;
  for (const [i, ms] of nominal.entries()) {
    const verdict = judge(failed(), i + 1, defaultDeliveryPolicy, endedAt);
    assert.equal(verdict.resolution.status, 'pending');
    const next = verdict.resolution.status === 'pending' ? verdict.resolution.nextAttemptAt - endedAt : -1;
    assert.ok(next >= ms * 0.9 && next <= ms * 1.1, `attempt ${i + 2} ${next} ms after attempt ${i + 1} ended`);
  }
  assert.equal(judge(failed(), 6, defaultDeliveryPolicy, endedAt).resolution.status, 'failed');
});
