import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../../src/main/core/db/database';
import { DeliveryStore } from '../../../src/main/core/webhooks/delivery-store';
import { payloadTime, pushPayload } from '../../../src/main/core/webhooks/payload';
import { backoffDelay, defaultDeliveryPolicy } from '../../../src/main/core/webhooks/policy';
import { signatureFor, verifySignature } from '../../../src/main/core/webhooks/signing';
import { judge } from '../../../src/main/core/webhooks/worker';
import type { PostResult } from '../../../src/main/core/webhooks/http-post';
import { triggerFires } from '../../../src/shared/models/webhook';
import { tempDir } from '../../support/temp';

test('the payload has the seed example’s fields, in its order and formats', () => {
  const body = pushPayload(
    { name: 'demo', namespace: 'lj', registry: 'registry.example.com', type: 'public', createdAt: '2017-10-14T17:33:42.000Z' },
    { tag: 'v1', digest: 'sha256:3e7f', pushedAt: '2017-10-16T11:37:36.900Z' },
  );
  assert.equal(
    JSON.stringify(body),
    '{"push_data":{"digest":"sha256:3e7f","pushed_at":"2017-10-16 11:37:36","tag":"v1"},"repository":{"date_created":"2017-10-14 17:33:42","name":"demo","namespace":"lj","region":"registry.example.com","repo_authentication_type":"NO_CERTIFIED","repo_full_name":"lj/demo","repo_origin_type":"NO_CERTIFIED","repo_type":"PUBLIC"}}',
  );
  assert.equal(payloadTime('not a time'), 'not a time');
});

test('signatures: the timestamp is signed, tampering and old timestamps are caught', () => {
  const body = '{"a":1}';
  const header = signatureFor('s3cret', body, 1_700_000_000);
  assert.match(header, /^t=1700000000,v1=[0-9a-f]{64}$/);
  assert.equal(verifySignature('s3cret', body, header, 1_700_000_100), 'valid');
  assert.equal(verifySignature('s3cret', '{"a":2}', header, 1_700_000_100), 'invalid');
  assert.equal(verifySignature('other', body, header, 1_700_000_100), 'invalid');
  assert.equal(verifySignature('s3cret', body, header.replace('t=1700000000', 't=1700000500'), 1_700_000_500), 'invalid', 'moving the timestamp breaks the signature');
  assert.equal(verifySignature('s3cret', body, header, 1_700_001_000), 'stale');
  assert.equal(verifySignature('s3cret', body, undefined, 0), 'absent');
});

test('triggers: anchored expressions and exact tag lists', () => {
  assert.equal(triggerFires({ kind: 'all' }, 'anything'), true);
  assert.equal(triggerFires({ kind: 'expression', expression: 'release-.*' }, 'release-1'), true);
  assert.equal(triggerFires({ kind: 'expression', expression: 'release-.*' }, 'pre-release-1'), false);
  assert.equal(triggerFires({ kind: 'expression', expression: '(' }, '('), false);
  assert.equal(triggerFires({ kind: 'tags', tags: ['latest'] }, 'latest'), true);
  assert.equal(triggerFires({ kind: 'tags', tags: ['latest'] }, 'Latest'), false);
});

test('retry policy: 5xx and network errors back off exponentially, 3xx and 4xx stop at once', () => {
  const policy = { ...defaultDeliveryPolicy, baseDelayMs: 1000, maxDelayMs: 5000, maxAttempts: 4 };
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(policy, n, () => 0.5)), [1000, 2000, 4000, 5000]);
  const result = (statusCode: number | null, error: string | null = null): PostResult => ({ startedAt: '', durationMs: 1, requestHeaders: [], statusCode, responseHeaders: [], responseBody: '', responseTruncated: false, error });
  assert.equal(judge(result(204), 1, policy).resolution.status, 'succeeded');
  assert.equal(judge(result(302), 1, policy).resolution.status, 'failed');
  assert.equal(judge(result(410), 1, policy).resolution.status, 'failed');
  const retry = judge(result(502), 1, policy, 10_000);
  assert.equal(retry.resolution.status, 'pending');
  assert.ok(retry.resolution.status === 'pending' && retry.resolution.nextAttemptAt >= 10_900 && retry.resolution.nextAttemptAt <= 11_100);
  assert.equal(judge(result(null, 'Connection refused'), 2, policy).outcome, 'retry');
  assert.equal(judge(result(503), 4, policy).resolution.status, 'failed');
});

test('a claim is exclusive across two connections to the same database until its lease ends', () => {
  const path = join(tempDir(), 'slipway.db');
  const a = openDatabase(path);
  const b = openDatabase(path);
  try {
    a.exec(`INSERT INTO registries (id, name, endpoint, created_at) VALUES ('r', 'r', 'h', 'now');
      INSERT INTO namespaces (id, registry_id, name, default_type, created_at) VALUES ('n', 'r', 'n', 'public', 'now');
      INSERT INTO image_repositories (id, namespace_id, name, type, created_at) VALUES ('i', 'n', 'i', 'public', 'now');
      INSERT INTO webhooks (id, repository_id, name, url, trigger, created_at, updated_at) VALUES ('w', 'i', 'w', 'http://127.0.0.1:1/', '{"kind":"all"}', 'now', 'now');`);
    const storeA = new DeliveryStore(a);
    const storeB = new DeliveryStore(b);
    const id = storeA.create({ webhookId: 'w', event: 'push', tag: 't', digest: 'd', body: '{}', dedupeKey: 'k' });
    assert.ok(id);
    assert.equal(storeA.create({ webhookId: 'w', event: 'push', tag: 't', digest: 'd', body: '{}', dedupeKey: 'k' }), null, 'deduplicated');
    const now = Date.now() + 1;
    assert.equal(storeA.claim('A', 1000, now)?.id, id);
    assert.equal(storeB.claim('B', 1000, now), null, 'held by A');
    assert.equal(storeB.claim('B', 1000, now + 1001)?.id, id, 'an expired lease (a crashed worker) can be taken over');
    // A's late result is recorded, but cannot move a delivery it no longer holds.
    const attempt = { startedAt: '', durationMs: 1, url: '', requestHeaders: [], requestBody: '{}', statusCode: 200, responseHeaders: [], responseBody: '', responseTruncated: false, error: null, outcome: 'succeeded' as const, note: '' };
    assert.equal(storeA.finishAttempt('A', id, attempt, { status: 'succeeded' }), false);
    assert.equal(storeB.finishAttempt('B', id, attempt, { status: 'succeeded' }), true);
    assert.equal(storeA.get(id).status, 'succeeded');
    assert.equal(storeA.claim('A', 1000, now + 5000), null);
  } finally {
    a.close();
    b.close();
  }
});
