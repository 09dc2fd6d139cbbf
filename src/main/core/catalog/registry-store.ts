import { AppError, quote } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { Registry } from '../../../shared/models/registry';
import type { Db } from '../db/database';
import type { SecretStore } from '../secrets/secret-store';
import { isUniqueViolation, newId, now } from './ids';

interface Row {
  id: string;
  name: string;
  endpoint: string;
  insecure: number;
  ca_cert: string | null;
  username: string;
  password_secret: string | null;
  created_at: string;
}

export interface RegistryRecord {
  readonly view: Registry;
  readonly caCertPem?: string;
  readonly passwordSecretId?: string;
}

export interface NewRegistry {
  readonly name: string;
  readonly endpoint: string;
  readonly insecure: boolean;
  readonly caCertPem?: string;
  readonly username: string;
  readonly password?: string;
}

function toRecord(row: Row): RegistryRecord {
  return {
    view: {
      id: row.id,
      name: row.name,
      endpoint: row.endpoint,
      insecure: row.insecure === 1,
      hasCaCert: row.ca_cert !== null,
      username: row.username,
      hasPassword: row.password_secret !== null,
      createdAt: row.created_at,
    },
    ...(row.ca_cert !== null ? { caCertPem: row.ca_cert } : {}),
    ...(row.password_secret !== null ? { passwordSecretId: row.password_secret } : {}),
  };
}

/** Registries with their login; the password lives in the vault and the row keeps only its id. */
export class RegistryStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
  ) {}

  list(): Registry[] {
    return (this.db.prepare('SELECT * FROM registries ORDER BY name').all() as Row[]).map((r) => toRecord(r).view);
  }

  find(id: string): RegistryRecord {
    const row = this.db.prepare('SELECT * FROM registries WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AppError('not_found', phrase('registries.errors.gone'), phrase('repositories.errors.reloadList'));
    return toRecord(row);
  }

  password(record: RegistryRecord): string | undefined {
    return record.passwordSecretId ? this.secrets.get(record.passwordSecretId) : undefined;
  }

  create(input: NewRegistry): Registry {
    const id = newId();
    const write = this.db.transaction(() => {
      const secretId = input.password ? this.secrets.put(input.password) : null;
      this.db
        .prepare('INSERT INTO registries (id, name, endpoint, insecure, ca_cert, username, password_secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, input.name, input.endpoint, input.insecure ? 1 : 0, input.caCertPem || null, input.username, secretId, now());
    });
    this.guard(() => write(), input.name);
    return this.find(id).view;
  }

  update(id: string, patch: Partial<NewRegistry>): Registry {
    const current = this.find(id);
    const write = this.db.transaction(() => {
      const oldSecret = current.passwordSecretId ?? null;
      let secretId = oldSecret;
      if (patch.password !== undefined) secretId = patch.password === '' ? null : this.secrets.put(patch.password);
      const ca = patch.caCertPem === undefined ? (current.caCertPem ?? null) : patch.caCertPem || null;
      this.db
        .prepare('UPDATE registries SET name = ?, endpoint = ?, insecure = ?, ca_cert = ?, username = ?, password_secret = ? WHERE id = ?')
        .run(patch.name ?? current.view.name, patch.endpoint ?? current.view.endpoint, (patch.insecure ?? current.view.insecure) ? 1 : 0, ca, patch.username ?? current.view.username, secretId, id);
      // The row lets go of the old secret first, then the secret goes (the row references it).
      if (oldSecret && oldSecret !== secretId) this.secrets.delete(oldSecret);
    });
    this.guard(() => write(), patch.name ?? current.view.name);
    return this.find(id).view;
  }

  delete(id: string): void {
    const current = this.find(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM registries WHERE id = ?').run(id);
      if (current.passwordSecretId) this.secrets.delete(current.passwordSecretId);
    })();
  }

  private guard(write: () => void, name: string): void {
    try {
      write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', phrase('registries.errors.exists', { name: quote(name) }), phrase('registries.errors.existsHint'));
      throw error;
    }
  }
}
