import { join } from 'node:path';
import { triggerFires, type WebhookDelivery, type WebhookDeliveryEvent } from '../../../shared/models/webhook';
import type { RepositoryStore } from '../catalog/repository-store';
import type { Db } from '../db/database';
import type { DomainBus, TagPushed } from '../domain';
import type { SecretStore } from '../secrets/secret-store';
import { DeliveryStore } from './delivery-store';
import { pushPayload, testImage, type PayloadRepository, type PushedImage } from './payload';
import { defaultDeliveryPolicy, type DeliveryPolicy } from './policy';
import { TestReceiver } from './test-receiver';
import { WebhookStore } from './webhook-store';
import { DeliveryWorker } from './worker';

export interface WebhookServiceDeps {
  readonly db: Db;
  readonly secrets: SecretStore;
  readonly repositories: RepositoryStore;
  readonly domain: DomainBus;
  readonly dataDir: string;
  readonly version: string;
  readonly policy?: Partial<DeliveryPolicy>;
  /** Every new delivery and every finished attempt, for the renderer's live history. */
  readonly emit: (event: WebhookDeliveryEvent) => void;
  readonly log: (line: string) => void;
}

/** Outgoing webhooks: the dispatcher for pushed tags, the persistent worker and the test receiver. */
export class WebhookService {
  readonly webhooks: WebhookStore;
  readonly deliveries: DeliveryStore;
  readonly receiver: TestReceiver;
  readonly #worker: DeliveryWorker;
  readonly #deps: WebhookServiceDeps;
  readonly #unsubscribe: () => void;

  constructor(deps: WebhookServiceDeps) {
    this.#deps = deps;
    this.webhooks = new WebhookStore(deps.db, deps.secrets);
    this.deliveries = new DeliveryStore(deps.db);
    this.receiver = new TestReceiver({ stateFile: join(deps.dataDir, 'webhook-test-receiver.json'), secretFor: (id) => this.#secretOf(id), log: deps.log });
    this.#worker = new DeliveryWorker({
      store: this.deliveries,
      policy: { ...defaultDeliveryPolicy, ...deps.policy },
      userAgent: `Slipway-Webhooks/${deps.version}`,
      target: (webhookId) => {
        try {
          const webhook = this.webhooks.get(webhookId);
          return { url: webhook.url, secret: this.webhooks.secret(webhookId) };
        } catch {
          return undefined;
        }
      },
      onAttempt: (deliveryId) => this.#announce(deliveryId),
      log: deps.log,
    });
    this.webhooks.removeOrphanSecrets();
    this.#unsubscribe = deps.domain.on('build:tagPushed', (event) => this.onTagPushed(event));
    this.receiver.resumeIfUsed();
    this.#worker.kick();
  }

  /** Queues one delivery for every webhook of the repository whose trigger the tag sets off. */
  onTagPushed(event: TagPushed): string[] {
    const hooks = this.webhooks.list(event.repositoryId).filter((w) => triggerFires(w.trigger, event.tag));
    if (hooks.length === 0) return [];
    const body = JSON.stringify(pushPayload(this.#payloadRepository(event.repositoryId), { tag: event.tag, digest: event.digest, pushedAt: event.pushedAt }));
    const created: string[] = [];
    for (const hook of hooks) {
      const id = this.deliveries.create({ webhookId: hook.id, event: 'push', tag: event.tag, digest: event.digest, body, dedupeKey: `${event.buildId}\u0000${event.tag}` });
      if (id) created.push(id);
    }
    for (const id of created) this.#announce(id);
    this.#worker.kick();
    return created;
  }

  sendTest(webhookId: string): WebhookDelivery {
    const webhook = this.webhooks.get(webhookId);
    const image: PushedImage = testImage(new Date().toISOString());
    const body = JSON.stringify(pushPayload(this.#payloadRepository(webhook.repositoryId), image));
    const id = this.deliveries.create({ webhookId, event: 'test', tag: image.tag, digest: image.digest, body });
    if (!id) throw new Error('test delivery was not created');
    this.#announce(id);
    this.#worker.kick();
    return this.deliveries.get(id);
  }

  /** The same body again, as a new delivery with its own id and attempts. */
  redeliver(deliveryId: string): WebhookDelivery {
    const source = this.deliveries.source(deliveryId);
    this.webhooks.get(source.webhookId);
    const id = this.deliveries.create({ ...source, redeliveryOf: deliveryId });
    if (!id) throw new Error('redelivery was not created');
    this.#announce(id);
    this.#worker.kick();
    return this.deliveries.get(id);
  }

  close(): void {
    this.#unsubscribe();
    this.#worker.close();
    this.receiver.close();
  }

  #secretOf(webhookId: string): string | undefined {
    try {
      return this.webhooks.secret(webhookId);
    } catch {
      return undefined;
    }
  }

  #payloadRepository(repositoryId: string): PayloadRepository {
    const repository = this.#deps.repositories.repository(repositoryId);
    const namespace = this.#deps.repositories.namespace(repository.namespaceId).name;
    const suffix = `/${namespace}/${repository.name}`;
    const registry = repository.reference.endsWith(suffix) ? repository.reference.slice(0, -suffix.length) : repository.reference;
    return { name: repository.name, namespace, registry, type: repository.type, createdAt: repository.createdAt };
  }

  #announce(deliveryId: string): void {
    const summary = this.deliveries.summary(deliveryId);
    if (!summary) return;
    let repositoryId = '';
    try {
      repositoryId = this.webhooks.get(summary.webhookId).repositoryId;
    } catch {
      return;
    }
    this.#deps.emit({ webhookId: summary.webhookId, repositoryId, deliveryId, status: summary.status, attempts: summary.attempts, statusCode: summary.statusCode });
  }
}
