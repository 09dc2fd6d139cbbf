import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedDeliveryHistory } from '../../support/webhook-history';
import { ok, webhookCore } from '../../support/webhooks';

// Issue 15: a webhook's access history is read 50 deliveries at a time, older ones page by page.

test('webhooks:page reads the history newest first, page after page, without repeats or gaps', async () => {
  const core = webhookCore();
  try {
    const history = await seedDeliveryHistory(core, 120);
    const first = await ok(core, 'webhooks:page', { webhookId: history.webhookId });
    assert.equal(first.items.length, 50);
    assert.deepEqual(
      first.items.map((d) => d.tag),
      history.tags.slice(0, 50),
    );
    assert.ok(first.next);
    assert.equal(first.items[0]?.attempts[0]?.statusCode, 200);

    const second = await ok(core, 'webhooks:page', { webhookId: history.webhookId, cursor: first.next });
    assert.deepEqual(
      second.items.map((d) => d.tag),
      history.tags.slice(50, 100),
    );
    const third = await ok(core, 'webhooks:page', { webhookId: history.webhookId, cursor: second.next ?? '' });
    assert.deepEqual(
      third.items.map((d) => d.tag),
      history.tags.slice(100),
    );
    assert.equal(third.next, null);

    // A cursor is a position: a delivery added on top meanwhile does not repeat a row on page two.
    await ok(core, 'webhooks:test', { id: history.webhookId });
    const again = await ok(core, 'webhooks:page', { webhookId: history.webhookId, cursor: first.next });
    assert.deepEqual(
      again.items.map((d) => d.tag),
      history.tags.slice(50, 100),
    );
    assert.equal((await ok(core, 'webhooks:page', { webhookId: history.webhookId })).items[0]?.event, 'test');

    // The old channel still answers its capped list for its callers.
    assert.equal((await ok(core, 'webhooks:history', { webhookId: history.webhookId })).length, 50);
  } finally {
    core.close();
  }
});

test('webhooks:page refuses a cursor it did not give out, in words', async () => {
  const core = webhookCore();
  try {
    const history = await seedDeliveryHistory(core, 3);
    for (const cursor of ['not-a-cursor', Buffer.from('["x"]').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      const reply = await core.call('webhooks:page', { webhookId: history.webhookId, cursor });
      assert.equal(reply.ok, false, cursor);
      if (reply.ok) continue;
      assert.equal(reply.error.code, 'invalid_input');
      assert.equal(reply.error.message, 'That page of deliveries cannot be found.', cursor);
    }
    const unknown = await core.call('webhooks:page', { webhookId: 'no-such-webhook' });
    assert.equal(unknown.ok, false);
  } finally {
    core.close();
  }
});
