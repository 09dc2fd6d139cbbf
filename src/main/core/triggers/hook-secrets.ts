import type { Db } from '../db/database';
import type { SecretStore } from '../secrets/secret-store';

/** Each image repository's inbound hook secret: in the vault, referenced from trigger_hooks, never read back out of main. */
export class HookSecrets {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
  ) {}

  has(repositoryId: string): boolean {
    return this.#secretId(repositoryId) !== null;
  }

  get(repositoryId: string): string | null {
    const id = this.#secretId(repositoryId);
    return id ? (this.secrets.get(id) ?? null) : null;
  }

  /** Replaces the secret; an empty one removes the hook (pushes to it are refused from then on). */
  set(repositoryId: string, secret: string): void {
    const old = this.#secretId(repositoryId);
    this.db.transaction(() => {
      if (secret === '') this.db.prepare('DELETE FROM trigger_hooks WHERE repository_id = ?').run(repositoryId);
      else {
        const id = this.secrets.put(secret);
        this.db
          .prepare('INSERT INTO trigger_hooks (repository_id, secret_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (repository_id) DO UPDATE SET secret_id = excluded.secret_id, updated_at = excluded.updated_at')
          .run(repositoryId, id, new Date().toISOString());
      }
      if (old) this.secrets.delete(old);
    })();
  }

  #secretId(repositoryId: string): string | null {
    return (this.db.prepare('SELECT secret_id FROM trigger_hooks WHERE repository_id = ?').pluck().get(repositoryId) as string | undefined) ?? null;
  }
}
