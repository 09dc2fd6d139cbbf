import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import type { Vault } from './vault';

/**
 * Secrets by reference: other tables hold only the id, the database holds only ciphertext.
 */
export class SecretStore {
  readonly #db: Db;
  readonly #vault: Vault;

  constructor(db: Db, vault: Vault) {
    this.#db = db;
    this.#vault = vault;
  }

  put(plaintext: string, id: string = randomUUID()): string {
    const now = new Date().toISOString();
    this.#db
      .prepare(
        `INSERT INTO secrets (id, ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      )
      .run(id, this.#vault.encrypt(plaintext), now, now);
    return id;
  }

  get(id: string): string | undefined {
    const row = this.#db.prepare('SELECT ciphertext FROM secrets WHERE id = ?').get(id) as { ciphertext: Buffer } | undefined;
    return row === undefined ? undefined : this.#vault.decrypt(row.ciphertext);
  }

  delete(id: string): boolean {
    return this.#db.prepare('DELETE FROM secrets WHERE id = ?').run(id).changes > 0;
  }
}
