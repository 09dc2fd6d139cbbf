import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { WebhookDelivery } from '../../../src/shared/models/webhook';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { tempDir } from '../../support/temp';
import { imageRepository, ok, scriptedReceiver, waitUntil, webhookCore } from '../../support/webhooks';

/** The recipe from README.md ("Webhooks"), word for word: what a receiver runs. */
function verify(secret: string, rawBody: string, header: string, toleranceSeconds = 300): boolean {
  const fields = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2))) as Record<string, string | undefined>;
  const t = Number(fields.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return fields.v1?.length === expected.length && timingSafeEqual(Buffer.from(fields.v1), Buffer.from(expected));
}

const digest = `sha256:${'3e7fb43913dd8f4eaa86275158cc4bbc5fb26db6bbf10dbe92f0f3b80e8642c4'}`;

function push(core: Core, repositoryId: string, tag: string, buildId = 'build-1'): void {
  core.domain.emit('build:tagPushed', { buildId, repositoryId, tag, reference: `localhost:5000/lj/demo:${tag}`, digest, pushedAt: '2026-11-25T08:01:02.345Z' });
}

async function finished(core: Core, webhookId: string, count: number): Promise<WebhookDelivery[]> {
  let history: WebhookDelivery[] = [];
  await waitUntil(
    async () => {
      history = await ok(core, 'webhooks:history', { webhookId });
      return history.length >= count && history.every((d) => d.status !== 'pending');
    },
    10_000,
    `${count} finished deliveries`,
  );
  return history;
}

test('500, 500, 500, then 200: one delivery, four attempts, each signed, the documented body', async () => {
  const core = webhookCore();
  const receiver = await scriptedReceiver([500, 500, 500, 200]);
  const events: unknown[] = [];
  core.bus.subscribe((m) => m.event === 'webhooks:delivery' && events.push(m.payload));
  try {
    const repository = await imageRepository(core);
    const secret = 'whsec-4c1d9e7a2b';
    const hook = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'redeploy', url: receiver.url, trigger: { kind: 'all' }, secret });
    push(core, repository.id, 'v1');
    const [delivery, ...others] = await finished(core, hook.id, 1);
    assert.equal(others.length, 0, 'one logical delivery');
    assert.ok(delivery);
    assert.equal(delivery.status, 'succeeded');
    assert.deepEqual(delivery.attempts.map((a) => a.statusCode), [500, 500, 500, 200]);
    assert.deepEqual(delivery.attempts.map((a) => a.outcome), ['retry', 'retry', 'retry', 'succeeded']);
    assert.match(delivery.attempts[0]?.note ?? '', /server error.*Retrying in .* \(attempt 2 of 5\)/);
    assert.equal(receiver.requests.length, 4);

    // The body, byte for byte, as README.md documents it for this tag and digest.
    const documented =
      '{"push_data":{"digest":"' + digest + '","pushed_at":"2026-11-25 08:01:02","tag":"v1"},' +
      '"repository":{"date_created":"' + repository.createdAt.slice(0, 19).replace('T', ' ') + '","name":"demo","namespace":"lj","region":"localhost:5000",' +
      '"repo_authentication_type":"NO_CERTIFIED","repo_full_name":"lj/demo","repo_origin_type":"NO_CERTIFIED","repo_type":"PUBLIC"}}';
    for (const request of receiver.requests) {
      assert.equal(request.method, 'POST');
      assert.equal(request.body, documented);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['x-slipway-event'], 'push');
      assert.equal(request.headers['x-slipway-delivery'], delivery.id, 'every attempt carries the same delivery id');
      assert.ok(verify(secret, request.body, String(request.headers['x-slipway-signature'])), 'the signature verifies with the documented recipe');
      assert.equal(verify('another-secret', request.body, String(request.headers['x-slipway-signature'])), false);
      assert.equal(verify(secret, request.body.replace('"v1"', '"v2"'), String(request.headers['x-slipway-signature'])), false);
    }
    // The history holds what was sent and what came back.
    const last = delivery.attempts[3];
    assert.equal(last?.requestBody, documented);
    assert.ok(last?.requestHeaders.some(([n, v]) => n === 'X-Slipway-Signature' && v.startsWith('t=')));
    assert.ok(last?.responseHeaders.some(([n, v]) => n.toLowerCase() === 'x-test-receiver' && v === 'yes'));
    assert.equal(last?.responseBody, '{"status":200}');
    assert.ok((last?.durationMs ?? -1) >= 0);
    // The renderer heard the delivery queue up and each attempt end.
    assert.ok(events.length >= 5);
    assert.equal((await ok(core, 'webhooks:list', { repositoryId: repository.id }))[0]?.lastDelivery?.status, 'succeeded');

    // The same push announced twice is delivered once.
    push(core, repository.id, 'v1');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal((await ok(core, 'webhooks:history', { webhookId: hook.id })).length, 1);
  } finally {
    core.close();
    await receiver.close();
  }
});

test('a 4xx is not retried and the history says why; Redeliver sends the same body again', async () => {
  const core = webhookCore();
  const receiver = await scriptedReceiver([404, 200]);
  try {
    const repository = await imageRepository(core);
    const hook = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'gone', url: receiver.url, trigger: { kind: 'all' } });
    push(core, repository.id, 'latest');
    const [failed] = await finished(core, hook.id, 1);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.attempts.length, 1);
    assert.match(failed?.attempts[0]?.note ?? '', /refused the delivery with 404.*not sent again.*Redeliver/);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(receiver.requests.length, 1, 'no retry after a 4xx');
    assert.equal(receiver.requests[0]?.headers['x-slipway-signature'], undefined, 'no secret, no signature');

    const again = await ok(core, 'webhooks:redeliver', { deliveryId: failed?.id ?? '' });
    assert.equal(again.redeliveryOf, failed?.id);
    const history = await finished(core, hook.id, 2);
    assert.equal(history[0]?.status, 'succeeded');
    assert.equal(receiver.requests[1]?.body, receiver.requests[0]?.body);
    assert.notEqual(receiver.requests[1]?.headers['x-slipway-delivery'], receiver.requests[0]?.headers['x-slipway-delivery']);
  } finally {
    core.close();
    await receiver.close();
  }
});

test('triggers: all, an expression and selected tags each fire for exactly their tags', async () => {
  const core = webhookCore();
  const receiver = await scriptedReceiver([200]);
  try {
    const repository = await imageRepository(core);
    const all = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'all', url: receiver.url, trigger: { kind: 'all' } });
    const expression = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'releases', url: receiver.url, trigger: { kind: 'expression', expression: 'v\\d+\\.\\d+\\.\\d+' } });
    const selected = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'selected', url: receiver.url, trigger: { kind: 'tags', tags: ['latest', 'stable'] } });
    const tags = ['latest', 'v1.2.3', 'v1.2.3-rc1', 'stable', 'dev', 'xv2.0.0'];
    tags.forEach((tag, i) => push(core, repository.id, tag, `build-${i}`));
    await finished(core, all.id, tags.length);
    await waitUntil(() => receiver.requests.length === 9, 5000, 'nine requests');
    await new Promise((r) => setTimeout(r, 150));
    const firedFor = (id: string) => receiver.requests.filter((r) => r.headers['x-slipway-webhook'] === id).map((r) => (JSON.parse(r.body) as { push_data: { tag: string } }).push_data.tag).sort();
    assert.deepEqual(firedFor(all.id), [...tags].sort());
    assert.deepEqual(firedFor(expression.id), ['v1.2.3'], 'anchored: v1.2.3-rc1 and xv2.0.0 do not match');
    assert.deepEqual(firedFor(selected.id), ['latest', 'stable']);

    // An invalid expression is refused at save with the reason.
    const bad = await core.call('webhooks:create', { repositoryId: repository.id, name: 'bad', url: receiver.url, trigger: { kind: 'expression', expression: 'v(' } });
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.error.message : '', /Not a valid regular expression/);
  } finally {
    core.close();
    await receiver.close();
  }
});

test('a delivery pending at close is sent by the next start, exactly once', async () => {
  const dir = tempDir();
  const receiver = await scriptedReceiver([503, 200]);
  const first = webhookCore(dir, { baseDelayMs: 1000, maxDelayMs: 1000, timeoutMs: 2000, maxAttempts: 5 });
  let webhookId = '';
  try {
    const repository = await imageRepository(first);
    webhookId = (await ok(first, 'webhooks:create', { repositoryId: repository.id, name: 'later', url: receiver.url, trigger: { kind: 'all' } })).id;
    push(first, repository.id, 'v7');
    await waitUntil(async () => (await ok(first, 'webhooks:history', { webhookId }))[0]?.attempts.length === 1, 5000, 'the first attempt');
  } finally {
    first.close();
  }
  // Past the retry time: the closed core sends nothing more.
  await new Promise((r) => setTimeout(r, 1300));
  assert.equal(receiver.requests.length, 1);

  const second = webhookCore(dir, { baseDelayMs: 1000, maxDelayMs: 1000, timeoutMs: 2000, maxAttempts: 5 });
  try {
    const [delivery] = await finished(second, webhookId, 1);
    assert.equal(delivery?.status, 'succeeded');
    assert.deepEqual(delivery?.attempts.map((a) => a.statusCode), [503, 200]);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(receiver.requests.length, 2);
    assert.equal(receiver.requests.filter((r) => r.status === 200).length, 1, 'delivered once');
    assert.equal(new Set(receiver.requests.map((r) => r.headers['x-slipway-delivery'])).size, 1);
  } finally {
    second.close();
    await receiver.close();
  }
});

test('network errors are retried, with the reason in the history', async () => {
  const core = webhookCore(tempDir(), { baseDelayMs: 20, maxDelayMs: 40, timeoutMs: 300, maxAttempts: 3 });
  const closed = await scriptedReceiver([200]);
  const url = closed.url;
  await closed.close();
  try {
    const repository = await imageRepository(core);
    const hook = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'down', url, trigger: { kind: 'all' } });
    push(core, repository.id, 'v1');
    const [delivery] = await finished(core, hook.id, 1);
    assert.equal(delivery?.status, 'failed');
    assert.equal(delivery?.attempts.length, 3);
    assert.ok(delivery?.attempts.every((a) => a.statusCode === null && /Connection refused/.test(a.error ?? '')));
    assert.match(delivery?.attempts[2]?.note ?? '', /Gave up after 3 attempts/);
    // Stored beside the English as phrases, the reason reads in the user's language too.
    const last = delivery?.attempts[2];
    assert.equal(last?.errorPhrase?.key, 'webhooks.wire.refused');
    assert.equal(last?.notePhrase?.key, 'webhooks.note.gaveUp');
    const chinese = createTranslator('zh-CN');
    assert.match(chinese.word(last?.notePhrase ?? ''), /^连接被拒绝：.*尝试 3 次后放弃；接收端恢复后请重新发送。$/);
    assert.equal(createTranslator('en').word(last?.notePhrase ?? ''), last?.note);
  } finally {
    core.close();
  }
});

test('the secret never appears in history, contract output or the database', async () => {
  const dir = tempDir();
  const core = webhookCore(dir);
  const secret = 'whsec-never-shown-8b2f61d0';
  const replaced = 'whsec-replacement-51ac99e3';
  // A careless receiver that echoes back the secret the delivery was signed with.
  let echoes = 0;
  const receiver = await scriptedReceiver([200], () => `{"echo":"${echoes++ === 0 ? secret : replaced}"}`);
  const heard: string[] = [];
  core.bus.subscribe((m) => heard.push(JSON.stringify(m)));
  try {
    const repository = await imageRepository(core);
    const outputs: unknown[] = [];
    const created = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'signed', url: receiver.url, trigger: { kind: 'all' }, secret });
    outputs.push(created);
    assert.equal(created.hasSecret, true);
    outputs.push(await ok(core, 'webhooks:update', { id: created.id, name: 'renamed' }));
    assert.equal((outputs[1] as { hasSecret: boolean }).hasSecret, true, 'an edit without a secret keeps it');
    outputs.push(await ok(core, 'webhooks:test', { id: created.id }));
    await finished(core, created.id, 1);
    outputs.push(await ok(core, 'webhooks:update', { id: created.id, secret: replaced }));
    outputs.push(await ok(core, 'webhooks:test', { id: created.id }));
    const history = await finished(core, created.id, 2);
    outputs.push(history, await ok(core, 'webhooks:list', { repositoryId: repository.id }));
    assert.ok(verify(replaced, receiver.requests[1]?.body ?? '', String(receiver.requests[1]?.headers['x-slipway-signature'])), 'the new secret signs');
    assert.match(history[0]?.attempts[0]?.responseBody ?? '', /\[secret\]/);

    const everything = JSON.stringify(outputs) + heard.join('\n');
    for (const value of [secret, replaced]) assert.equal(everything.includes(value), false, 'no output or event carries the secret');
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(dir, 'slipway.db'));
    for (const value of [secret, replaced]) assert.equal(file.includes(Buffer.from(value)), false, 'the database holds no plaintext secret');

    // Removing the secret: deliveries go unsigned, and the old ciphertext is gone from the vault table.
    assert.equal((await ok(core, 'webhooks:update', { id: created.id, secret: null })).hasSecret, false);
    assert.equal(core.db.prepare('SELECT count(*) FROM secrets').pluck().get(), 0);

    // Deleting the image repository takes its webhooks; their vault rows go at the next start.
    await ok(core, 'webhooks:update', { id: created.id, secret: replaced });
    await ok(core, 'repositories:delete', { id: repository.id });
  } finally {
    core.close();
    await receiver.close();
  }
  const reopened = webhookCore(dir);
  try {
    assert.equal(reopened.db.prepare('SELECT count(*) FROM secrets').pluck().get(), 0);
  } finally {
    reopened.close();
  }
});

test('the built-in receiver answers a test event and checks its signature', async () => {
  const core = webhookCore();
  try {
    const repository = await imageRepository(core);
    const { url } = await ok(core, 'webhooks:receiver', {});
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/hooks\/test\/[\w-]+$/);
    const hook = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'built-in', url, trigger: { kind: 'tags', tags: ['never'] }, secret: 'receiver-secret-1' });
    await ok(core, 'webhooks:test', { id: hook.id });
    const [delivery] = await finished(core, hook.id, 1);
    assert.equal(delivery?.event, 'test');
    assert.equal(delivery?.attempts[0]?.statusCode, 200);
    assert.match(delivery?.attempts[0]?.responseBody ?? '', /"signature":"valid"/);
    assert.equal((JSON.parse(delivery?.attempts[0]?.requestBody ?? '{}') as { push_data: { tag: string } }).push_data.tag, 'slipway-test');
  } finally {
    core.close();
  }
});

test('closing while an attempt waits for its answer: recorded as interrupted, sent again at the next start with the same id', async () => {
  const dir = tempDir();
  const seen: string[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    req.resume();
    seen.push(String(req.headers['x-slipway-delivery']));
    if (seen.length === 1) held.push(res);
    else res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
  const first = webhookCore(dir);
  let webhookId = '';
  try {
    const repository = await imageRepository(first);
    webhookId = (await ok(first, 'webhooks:create', { repositoryId: repository.id, name: 'slow', url, trigger: { kind: 'all' } })).id;
    push(first, repository.id, 'v9');
    await waitUntil(() => seen.length === 1, 5000, 'the request to arrive');
  } finally {
    first.close();
  }
  const second = webhookCore(dir);
  try {
    const [delivery] = await finished(second, webhookId, 1);
    assert.equal(delivery?.status, 'succeeded');
    assert.equal(delivery?.attempts.length, 2);
    assert.match(delivery?.attempts[0]?.error ?? '', /closed while waiting/);
    assert.equal(delivery?.attempts[1]?.statusCode, 200);
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1], 'the repeat carries the same X-Slipway-Delivery');
  } finally {
    second.close();
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('no more deliveries on the wire at once than the policy allows, and all of them arrive', async () => {
  let open = 0;
  let most = 0;
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    open += 1;
    most = Math.max(most, open);
    setTimeout(() => {
      open -= 1;
      count += 1;
      res.writeHead(200).end();
    }, 60);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/busy`;
  const core = webhookCore(tempDir(), { baseDelayMs: 40, maxDelayMs: 200, timeoutMs: 2000, concurrency: 2 });
  try {
    const repository = await imageRepository(core);
    const hook = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'busy', url, trigger: { kind: 'all' } });
    for (let i = 0; i < 6; i++) push(core, repository.id, `t${i}`, `b${i}`);
    const history = await finished(core, hook.id, 6);
    assert.ok(history.every((d) => d.status === 'succeeded' && d.attempts.length === 1));
    assert.equal(count, 6);
    assert.equal(most, 2);
  } finally {
    core.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
