import type Docker from 'dockerode';
import { AppError, quote } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { RemoteBuilderInput } from '../../../shared/models/builder';
import type { Db } from '../db/database';
import { isUniqueViolation, newId, now } from '../catalog/ids';
import { connectEngine } from '../docker/engine';
import { resolveLocalEngine, type EngineEndpoint, type EnvironmentLike } from '../docker/endpoint';
import type { SecretStore } from '../secrets/secret-store';

interface Row {
  id: string;
  name: string;
  endpoint: string;
  tls_secret: string | null;
}

interface StoredTls {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface ResolvedBuilder {
  readonly id: string;
  readonly name: string;
  readonly engine: EngineEndpoint;
  readonly docker: Docker;
}

/** A builder as stored or found, without asking its engine anything. */
export interface BuilderEntry {
  readonly id: string;
  readonly name: string;
  readonly kind: 'local' | 'remote';
  readonly engine: EngineEndpoint;
}

export const localBuilderId = 'local';

/**
 * The local engine (found as the docker CLI finds it) and engines the user added. A remote
 * builder's client key lives in the vault: the TLS material is stored as one secret. Asking the
 * engines what they are is the builder pool's job (builders/builder-pool.ts).
 */
export class BuilderStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly env: EnvironmentLike,
  ) {}

  /** Every builder, the local engine first, in a few file reads and one query: no engine is asked. */
  entries(): BuilderEntry[] {
    const rows = this.db.prepare('SELECT id, name, endpoint, tls_secret FROM builders ORDER BY name').all() as Row[];
    return [this.#localEntry(), ...rows.map((row): BuilderEntry => ({ id: row.id, name: row.name, kind: 'remote', engine: this.#engine(row) }))];
  }

  entry(id: string): BuilderEntry {
    if (id === localBuilderId) return this.#localEntry();
    const row = this.#row(id);
    return { id: row.id, name: row.name, kind: 'remote', engine: this.#engine(row) };
  }

  #insert(input: RemoteBuilderInput): string {
    if (input.name.toLowerCase() === 'local') throw new AppError('conflict', phrase('builds.errors.localReserved'), phrase('builds.errors.chooseAnotherName'));
    const tls: StoredTls = {
      ...(input.caCertPem ? { ca: input.caCertPem } : {}),
      ...(input.clientCertPem ? { cert: input.clientCertPem } : {}),
      ...(input.clientKeyPem ? { key: input.clientKeyPem } : {}),
    };
    if ((tls.cert && !tls.key) || (tls.key && !tls.cert)) throw new AppError('invalid_input', phrase('builds.errors.certNeedsKey'), phrase('builds.errors.certNeedsKeyHint'));
    const id = newId();
    try {
      this.db.transaction(() => {
        const secretId = Object.keys(tls).length > 0 ? this.secrets.put(JSON.stringify(tls)) : null;
        this.db.prepare('INSERT INTO builders (id, name, endpoint, tls_secret, created_at) VALUES (?, ?, ?, ?, ?)').run(id, input.name, input.endpoint, secretId, now());
      })();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', phrase('builds.errors.builderExists', { name: quote(input.name) }), phrase('builds.errors.chooseAnotherName'));
      throw error;
    }
    return id;
  }

  delete(id: string): void {
    const row = this.#row(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM builders WHERE id = ?').run(id);
      if (row.tls_secret) this.secrets.delete(row.tls_secret);
    })();
  }

  /** Adds the builder without asking its engine: the pool probes it (the contract's create). */
  add(input: RemoteBuilderInput): BuilderEntry {
    return this.entry(this.#insert(input));
  }

  resolve(id: string): ResolvedBuilder {
    if (id === 'local') {
      const engine = resolveLocalEngine(this.env);
      return { id, name: 'Local Docker engine', engine, docker: connectEngine(engine) };
    }
    const row = this.#row(id);
    const engine = this.#engine(row);
    return { id, name: row.name, engine, docker: connectEngine(engine) };
  }

  #localEntry(): BuilderEntry {
    return { id: localBuilderId, name: 'Local Docker engine', kind: 'local', engine: resolveLocalEngine(this.env) };
  }

  #engine(row: Row): EngineEndpoint {
    const stored = row.tls_secret ? (JSON.parse(this.secrets.get(row.tls_secret) ?? '{}') as StoredTls) : undefined;
    const tls = stored ? { verify: Boolean(stored.ca), ...stored } : undefined;
    return tls ? { endpoint: row.endpoint, source: 'DOCKER_HOST', tls } : { endpoint: row.endpoint, source: 'DOCKER_HOST' };
  }

  #row(id: string): Row {
    const row = this.db.prepare('SELECT id, name, endpoint, tls_secret FROM builders WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AppError('not_found', phrase('builds.errors.builderNotFound'), phrase('builds.errors.builderNotFoundHint'));
    return row;
  }
}
