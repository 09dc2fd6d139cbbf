import type { Core } from '../../src/main/core';
import { DeliveryStore, type AttemptRecord } from '../../src/main/core/webhooks/delivery-store';
import { imageRepository, ok } from './webhooks';

export interface DeliveryHistory {
  readonly repositoryId: string;
  readonly webhookId: string;
  /** The tags delivered, newest first, as the history lists them. */
  readonly tags: readonly string[];
}

/**
 * A long, finished delivery history written by the app's own store (each delivery answered 200 on
 * its one attempt), for paging tests: no receiver, and nothing pending for a host started later.
 */
export async function seedDeliveryHistory(core: Core, count: number): Promise<DeliveryHistory> {
  const repository = await imageRepository(core);
  const hook = await ok(core, 'webhooks:create', { repositoryId: repository.id, name: 'notify', url: 'http://127.0.0.1:9/hook', trigger: { kind: 'all' } });
  const store = new DeliveryStore(core.db);
  const tags: string[] = [];
  for (let i = 0; i < count; i++) {
    const tag = `v${i}`;
    const id = store.create({ webhookId: hook.id, event: 'push', tag, digest: `sha256:${i.toString(16).padStart(64, '0')}`, body: `{"tag":"${tag}"}` });
    if (!id) throw new Error('seedDeliveryHistory: the store refused a delivery');
    // Claimed and answered at once, in the same tick, as the worker would: it never sees it pending.
    const claimed = store.claim('seed', 60_000);
    if (claimed?.id !== id) throw new Error('seedDeliveryHistory: another delivery was due');
    const attempt: AttemptRecord = { startedAt: new Date().toISOString(), durationMs: 1, url: 'http://127.0.0.1:9/hook', requestHeaders: [], requestBody: '{}', statusCode: 200, responseHeaders: [], responseBody: '', responseTruncated: false, error: null, outcome: 'succeeded', note: 'seeded' };
    store.finishAttempt('seed', id, attempt, { status: 'succeeded' });
    tags.push(tag);
  }
  return { repositoryId: repository.id, webhookId: hook.id, tags: tags.reverse() };
}
