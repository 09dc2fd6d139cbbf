import { AppError, quote } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import { builderPoolSchema, type BuilderPool, type ImageRepository, type Namespace } from '../../../shared/models/repository';
import { codeRepositoryRefSchema, type CodeRepositoryRef } from '../../../shared/models/code-repo';
import type { Db } from '../db/database';
import { isUniqueViolation, newId, now } from './ids';

interface NamespaceRow {
  id: string;
  registry_id: string;
  name: string;
  auto_create: number;
  default_type: 'public' | 'private';
}

interface RepositoryRow {
  id: string;
  namespace_id: string;
  registry_id: string;
  endpoint: string;
  namespace: string;
  name: string;
  type: 'public' | 'private';
  summary: string;
  description: string;
  auto_build: number;
  no_cache: number;
  builder_id: string;
  builder_pool: string | null;
  code_repo: string | null;
  cancel_superseded: number;
  created_at: string;
}

function parseCodeRepo(json: string | null): CodeRepositoryRef | null {
  if (!json) return null;
  const parsed = codeRepositoryRefSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

/** 'any', or the JSON list of builder ids; a row from before pools builds on its one builder. */
function parsePool(row: { builder_pool: string | null; builder_id: string }): BuilderPool {
  if (row.builder_pool === 'any') return 'any';
  const parsed = row.builder_pool ? builderPoolSchema.safeParse(JSON.parse(row.builder_pool)) : null;
  return parsed?.success ? parsed.data : [row.builder_id];
}

function storedPool(pool: BuilderPool): string {
  return pool === 'any' ? 'any' : JSON.stringify([...new Set(pool)]);
}

/** The new pool choice, else the single builder of earlier versions as a pool of one. */
function poolOf(fields: RepositoryFields): BuilderPool | undefined {
  return fields.builderPool ?? (fields.builderId ? [fields.builderId] : undefined);
}

/** builder_id stays filled for older readers of the table. */
function firstBuilder(pool: BuilderPool): string {
  return pool === 'any' ? 'any' : (pool[0] ?? 'local');
}

function toNamespace(row: NamespaceRow): Namespace {
  return { id: row.id, registryId: row.registry_id, name: row.name, autoCreateRepository: row.auto_create === 1, defaultRepositoryType: row.default_type };
}

function toRepository(row: RepositoryRow): ImageRepository {
  return {
    id: row.id,
    namespaceId: row.namespace_id,
    registryId: row.registry_id,
    reference: `${row.endpoint}/${row.namespace}/${row.name}`,
    name: row.name,
    type: row.type,
    summary: row.summary,
    description: row.description,
    autoBuild: row.auto_build === 1,
    noCache: row.no_cache === 1,
    builderPool: parsePool(row),
    codeRepository: parseCodeRepo(row.code_repo),
    cancelSuperseded: row.cancel_superseded === 1,
    createdAt: row.created_at,
  };
}

const repositorySelect = `
  SELECT r.*, n.registry_id AS registry_id, n.name AS namespace, g.endpoint AS endpoint
  FROM image_repositories r JOIN namespaces n ON n.id = r.namespace_id JOIN registries g ON g.id = n.registry_id`;

export interface WatchListRow {
  readonly id: string;
  readonly autoBuild: boolean;
  /** The stored code repository, compared as text. */
  readonly codeRepositoryText: string | null;
}

export interface NewNamespace {
  readonly registryId: string;
  readonly name: string;
  readonly autoCreateRepository: boolean;
  readonly defaultRepositoryType: 'public' | 'private';
}

export interface RepositoryFields {
  readonly type?: 'public' | 'private';
  readonly summary?: string;
  readonly description?: string;
  readonly autoBuild?: boolean;
  readonly noCache?: boolean;
  readonly builderPool?: BuilderPool;
  /** Earlier versions' single builder: a pool of one. */
  readonly builderId?: string;
  readonly codeRepository?: CodeRepositoryRef | null;
  readonly cancelSuperseded?: boolean;
}

/** Namespaces and the image repositories in them. */
export class RepositoryStore {
  constructor(private readonly db: Db) {}

  namespaces(registryId?: string): Namespace[] {
    const rows = (registryId
      ? this.db.prepare('SELECT * FROM namespaces WHERE registry_id = ? ORDER BY name').all(registryId)
      : this.db.prepare('SELECT * FROM namespaces ORDER BY name').all()) as NamespaceRow[];
    return rows.map(toNamespace);
  }

  namespace(id: string): Namespace {
    const row = this.db.prepare('SELECT * FROM namespaces WHERE id = ?').get(id) as NamespaceRow | undefined;
    if (!row) throw new AppError('not_found', phrase('repositories.errors.namespaceGone'), phrase('repositories.errors.reloadList'));
    return toNamespace(row);
  }

  createNamespace(input: NewNamespace): Namespace {
    const id = newId();
    try {
      this.db
        .prepare('INSERT INTO namespaces (id, registry_id, name, auto_create, default_type, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, input.registryId, input.name, input.autoCreateRepository ? 1 : 0, input.defaultRepositoryType, now());
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', phrase('repositories.errors.namespaceExists', { name: quote(input.name) }), phrase('repositories.errors.namespaceExistsHint'));
      if (error instanceof Error && /FOREIGN KEY/.test(error.message)) throw new AppError('not_found', phrase('registries.errors.gone'), phrase('repositories.errors.reloadList'));
      throw error;
    }
    return this.namespace(id);
  }

  updateNamespace(id: string, patch: Partial<Pick<NewNamespace, 'autoCreateRepository' | 'defaultRepositoryType'>>): Namespace {
    const current = this.namespace(id);
    this.db
      .prepare('UPDATE namespaces SET auto_create = ?, default_type = ? WHERE id = ?')
      .run((patch.autoCreateRepository ?? current.autoCreateRepository) ? 1 : 0, patch.defaultRepositoryType ?? current.defaultRepositoryType, id);
    return this.namespace(id);
  }

  deleteNamespace(id: string): void {
    this.namespace(id);
    const count = this.db.prepare('SELECT count(*) FROM image_repositories WHERE namespace_id = ?').pluck().get(id) as number;
    if (count > 0) throw new AppError('conflict', phrase('repositories.errors.namespaceNotEmpty', { count }), phrase('repositories.errors.namespaceNotEmptyHint'));
    this.db.prepare('DELETE FROM namespaces WHERE id = ?').run(id);
  }

  repositories(): ImageRepository[] {
    return (this.db.prepare(`${repositorySelect} ORDER BY n.name, r.name`).all() as RepositoryRow[]).map(toRepository);
  }

  /**
   * Every repository's id, automatic-builds switch and code repository as stored (JSON text, not
   * parsed): the remote watcher compares these every few seconds to notice a binding or a switch,
   * and reads a whole repository only where one changed.
   */
  watchList(): WatchListRow[] {
    return (this.db.prepare('SELECT id, auto_build, code_repo FROM image_repositories').all() as Pick<RepositoryRow, 'id' | 'auto_build' | 'code_repo'>[]).map((r) => ({
      id: r.id,
      autoBuild: r.auto_build === 1,
      codeRepositoryText: r.code_repo,
    }));
  }

  repository(id: string): ImageRepository {
    const row = this.db.prepare(`${repositorySelect} WHERE r.id = ?`).get(id) as RepositoryRow | undefined;
    if (!row) throw new AppError('not_found', phrase('repositories.errors.repositoryGone'), phrase('repositories.errors.reloadList'));
    return toRepository(row);
  }

  createRepository(namespaceId: string, name: string, fields: RepositoryFields): ImageRepository {
    const namespace = this.namespace(namespaceId);
    const id = newId();
    try {
      this.db
        .prepare(
          `INSERT INTO image_repositories (id, namespace_id, name, type, summary, description, auto_build, no_cache, builder_id, builder_pool, code_repo, cancel_superseded, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        // A new repository builds on the local engine until the user widens its pool.
        .run(id, namespaceId, name, fields.type ?? namespace.defaultRepositoryType, fields.summary ?? '', fields.description ?? '', (fields.autoBuild ?? true) ? 1 : 0, fields.noCache ? 1 : 0, firstBuilder(poolOf(fields) ?? ['local']), storedPool(poolOf(fields) ?? ['local']), fields.codeRepository ? JSON.stringify(fields.codeRepository) : null, fields.cancelSuperseded ? 1 : 0, now());
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', phrase('repositories.errors.repositoryExists', { name: quote(`${namespace.name}/${name}`) }), phrase('repositories.errors.repositoryExistsHint'));
      throw error;
    }
    return this.repository(id);
  }

  updateRepository(id: string, patch: RepositoryFields): ImageRepository {
    const c = this.repository(id);
    const pool = poolOf(patch) ?? c.builderPool;
    this.db
      .prepare('UPDATE image_repositories SET type = ?, summary = ?, description = ?, auto_build = ?, no_cache = ?, builder_id = ?, builder_pool = ?, code_repo = ?, cancel_superseded = ? WHERE id = ?')
      .run(
        patch.type ?? c.type,
        patch.summary ?? c.summary,
        patch.description ?? c.description,
        (patch.autoBuild ?? c.autoBuild) ? 1 : 0,
        (patch.noCache ?? c.noCache) ? 1 : 0,
        firstBuilder(pool),
        storedPool(pool),
        (patch.codeRepository === undefined ? c.codeRepository : patch.codeRepository) ? JSON.stringify(patch.codeRepository === undefined ? c.codeRepository : patch.codeRepository) : null,
        (patch.cancelSuperseded ?? c.cancelSuperseded) ? 1 : 0,
        id,
      );
    return this.repository(id);
  }

  deleteRepository(id: string): void {
    this.repository(id);
    this.db.prepare('DELETE FROM image_repositories WHERE id = ?').run(id);
  }
}
