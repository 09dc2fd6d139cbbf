import type Docker from 'dockerode';
import { AppError, quote } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { Builder, RemoteBuilderInput } from '../../../shared/models/builder';
import type { Db } from '../db/database';
import { isUniqueViolation, newId, now } from '../catalog/ids';
import { connectEngine, probeEngine } from '../docker/engine';
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

/**
 * The local engine (found as the docker CLI finds it) and remote engines the user added. A remote
 * builder's client key lives in the vault: the TLS material is stored as one secret.
 */
export class BuilderStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly env: EnvironmentLike,
  ) {}

  async list(): Promise<Builder[]> {
    const local = resolveLocalEngine(this.env);
    const builders: Builder[] = [
      {
        id: 'local',
        name: 'Local Docker engine',
        kind: 'local',
        endpoint: local.endpoint,
        source: local.source,
        ...(local.contextName ? { contextName: local.contextName } : {}),
        tls: local.tls !== undefined,
        status: await probeEngine(local),
      },
    ];
    const rows = this.db.prepare('SELECT id, name, endpoint, tls_secret FROM builders ORDER BY name').all() as Row[];
    const remote = await Promise.all(rows.map(async (row) => this.#view(row)));
    return builders.concat(remote);
  }

  async create(input: RemoteBuilderInput): Promise<Builder> {
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
    return this.#view(this.#row(id));
  }

  delete(id: string): void {
    const row = this.#row(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM builders WHERE id = ?').run(id);
      if (row.tls_secret) this.secrets.delete(row.tls_secret);
    })();
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

  #engine(row: Row): EngineEndpoint {
    const stored = row.tls_secret ? (JSON.parse(this.secrets.get(row.tls_secret) ?? '{}') as StoredTls) : undefined;
    const tls = stored ? { verify: Boolean(stored.ca), ...stored } : undefined;
    return tls ? { endpoint: row.endpoint, source: 'DOCKER_HOST', tls } : { endpoint: row.endpoint, source: 'DOCKER_HOST' };
  }

  async #view(row: Row): Promise<Builder> {
    return { id: row.id, name: row.name, kind: 'remote', endpoint: row.endpoint, tls: row.tls_secret !== null, status: await probeEngine(this.#engine(row)) };
  }

  #row(id: string): Row {
    const row = this.db.prepare('SELECT id, name, endpoint, tls_secret FROM builders WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AppError('not_found', phrase('builds.errors.builderNotFound'), phrase('builds.errors.builderNotFoundHint'));
    return row;
  }
}
