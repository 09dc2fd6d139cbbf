import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import { webhookTriggerSchema, type Webhook, type WebhookTrigger } from '../../../shared/models/webhook';
import type { Db } from '../db/database';
import type { SecretStore } from '../secrets/secret-store';
import { newId, now } from '../catalog/ids';

const secretPrefix = 'webhook:';

interface Row {
  id: string;
  repository_id: string;
  name: string;
  url: string;
  trigger: string;
  secret_id: string | null;
  created_at: string;
  updated_at: string;
  last_id: string | null;
  last_status: 'pending' | 'succeeded' | 'failed' | null;
  last_code: number | null;
  last_at: string | null;
}

const select = `
  SELECT w.*, d.id AS last_id, d.status AS last_status, d.last_status AS last_code, coalesce(d.finished_at, d.created_at) AS last_at
  FROM webhooks w
  LEFT JOIN webhook_deliveries d ON d.id = (SELECT id FROM webhook_deliveries WHERE webhook_id = w.id ORDER BY seq DESC LIMIT 1)`;

function toWebhook(row: Row): Webhook {
  const trigger = webhookTriggerSchema.safeParse(JSON.parse(row.trigger));
  return {
    id: row.id,
    repositoryId: row.repository_id,
    name: row.name,
    url: row.url,
    // A trigger that no longer parses fires for nothing rather than for everything.
    trigger: trigger.success ? trigger.data : { kind: 'tags', tags: ['-'] },
    hasSecret: row.secret_id !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastDelivery: row.last_id && row.last_status && row.last_at ? { id: row.last_id, status: row.last_status, statusCode: row.last_code, at: row.last_at } : null,
  };
}

export interface WebhookFields {
  readonly name: string;
  readonly url: string;
  readonly trigger: WebhookTrigger;
}

/** Webhooks of image repositories; a secret is kept in the vault and referenced by id. */
export class WebhookStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
  ) {}

  /**
   * Deleting an image repository cascades to its webhooks but not to the vault rows they pointed
   * at; webhook secrets carry a prefix so those orphans can be found and removed.
   */
  removeOrphanSecrets(): number {
    return this.db
      .prepare(`DELETE FROM secrets WHERE id LIKE '${secretPrefix}%' AND id NOT IN (SELECT secret_id FROM webhooks WHERE secret_id IS NOT NULL)`)
      .run().changes;
  }

  list(repositoryId: string): Webhook[] {
    return (this.db.prepare(`${select} WHERE w.repository_id = ? ORDER BY w.created_at, w.name`).all(repositoryId) as Row[]).map(toWebhook);
  }

  get(id: string): Webhook {
    const row = this.db.prepare(`${select} WHERE w.id = ?`).get(id) as Row | undefined;
    if (!row) throw new AppError('not_found', phrase('webhooks.errors.webhookGone'), phrase('repositories.errors.reloadPage'));
    return toWebhook(row);
  }

  /** The secret to sign with, for the delivery worker only. */
  secret(id: string): string | undefined {
    const secretId = this.db.prepare('SELECT secret_id FROM webhooks WHERE id = ?').pluck().get(id) as string | null | undefined;
    return secretId ? this.secrets.get(secretId) : undefined;
  }

  create(repositoryId: string, fields: WebhookFields, secret: string | undefined): Webhook {
    const id = newId();
    const at = now();
    this.db.transaction(() => {
      const secretId = secret ? this.secrets.put(secret, `${secretPrefix}${newId()}`) : null;
      this.db
        .prepare('INSERT INTO webhooks (id, repository_id, name, url, trigger, secret_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, repositoryId, fields.name, fields.url, JSON.stringify(fields.trigger), secretId, at, at);
    })();
    return this.get(id);
  }

  /** `secret`: undefined keeps the stored one, null or '' removes it, a value replaces it. */
  update(id: string, patch: Partial<WebhookFields>, secret: string | null | undefined): Webhook {
    const current = this.get(id);
    const oldSecretId = this.db.prepare('SELECT secret_id FROM webhooks WHERE id = ?').pluck().get(id) as string | null;
    this.db.transaction(() => {
      let secretId = oldSecretId;
      if (secret !== undefined) {
        if (oldSecretId) this.secrets.delete(oldSecretId);
        secretId = secret ? this.secrets.put(secret, `${secretPrefix}${newId()}`) : null;
      }
      this.db
        .prepare('UPDATE webhooks SET name = ?, url = ?, trigger = ?, secret_id = ?, updated_at = ? WHERE id = ?')
        .run(patch.name ?? current.name, patch.url ?? current.url, JSON.stringify(patch.trigger ?? current.trigger), secretId, now(), id);
    })();
    return this.get(id);
  }

  delete(id: string): void {
    this.get(id);
    const secretId = this.db.prepare('SELECT secret_id FROM webhooks WHERE id = ?').pluck().get(id) as string | null;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM webhooks WHERE id = ?').run(id);
      if (secretId) this.secrets.delete(secretId);
    })();
  }

  /** Every webhook of the repository, for the push dispatcher. */
  forRepository(repositoryId: string): Webhook[] {
    return this.list(repositoryId);
  }
}
