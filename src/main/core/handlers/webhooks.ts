import type { Handlers } from '../dispatch';
import type { RepositoryStore } from '../catalog/repository-store';
import type { WebhookService } from '../webhooks/service';

type WebhookChannels =
  | 'webhooks:list' | 'webhooks:create' | 'webhooks:update' | 'webhooks:delete'
  | 'webhooks:history' | 'webhooks:page' | 'webhooks:redeliver' | 'webhooks:test' | 'webhooks:receiver';

export function webhookHandlers(service: WebhookService, repositories: RepositoryStore): Pick<Handlers, WebhookChannels> {
  const { webhooks, deliveries } = service;
  return {
    'webhooks:list': ({ repositoryId }) => (repositories.repository(repositoryId), webhooks.list(repositoryId)),
    'webhooks:create': ({ repositoryId, secret, ...fields }) => {
      repositories.repository(repositoryId);
      return webhooks.create(repositoryId, fields, secret || undefined);
    },
    'webhooks:update': ({ id, secret, ...patch }) => webhooks.update(id, patch, secret === '' ? null : secret),
    'webhooks:delete': ({ id }) => {
      webhooks.delete(id);
      return { done: true };
    },
    'webhooks:history': ({ webhookId, limit }) => (webhooks.get(webhookId), deliveries.history(webhookId, limit)),
    'webhooks:page': ({ webhookId, limit, cursor }) => (webhooks.get(webhookId), deliveries.page(webhookId, limit, cursor)),
    'webhooks:redeliver': ({ deliveryId }) => service.redeliver(deliveryId),
    'webhooks:test': ({ id }) => service.sendTest(id),
    'webhooks:receiver': async () => ({ url: await service.receiver.url() }),
  };
}
