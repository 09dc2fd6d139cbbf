import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import { buildSchema, type Build, type BuildError, type BuildPage, type BuildStatus, type BuildStep, type GitRef, type Placement, type PushedTag } from '../../../shared/models/build';
import type { Db } from '../db/database';
import { newId, now } from '../catalog/ids';
import type { BuildPlan } from './plan';
import { storedError } from './build-error';
import { decodeCursor, encodeCursor } from './build-cursor';
import { cacheSources } from './cache-sources';

interface Row {
  id: string;
  repository_id: string;
  number: number;
  rule_id: string | null;
  ref_kind: 'branch' | 'tag';
  ref_name: string;
  commit_sha: string;
  commit_message: string | null;
  commit_time: string | null;
  trigger: string;
  status: BuildStatus;
  platforms: string;
  builder_id: string;
  placements: string;
  lost_builders: string;
  plan: string;
  tags: string;
  steps: string;
  error: string | null;
  dedupe_key: string | null;
  engine_build_id: string | null;
  log_lines: number;
  last_event_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function toBuild(row: Row): Build {
  return buildSchema.parse({
    id: row.id,
    number: row.number,
    repositoryId: row.repository_id,
    ruleId: row.rule_id,
    ref: { kind: row.ref_kind, name: row.ref_name },
    commit: row.commit_sha,
    commitMessage: row.commit_message,
    trigger: row.trigger,
    status: row.status,
    platforms: JSON.parse(row.platforms) as string[],
    builderId: row.builder_id,
    placements: JSON.parse(row.placements) as Placement[],
    tags: JSON.parse(row.tags) as PushedTag[],
    error: row.error ? (JSON.parse(row.error) as unknown) : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    logLines: row.log_lines,
  });
}

export interface NewBuild {
  readonly repositoryId: string;
  readonly ruleId: string | null;
  readonly ref: GitRef;
  readonly commit: string;
  readonly commitMessage: string | null;
  readonly commitTime: string | null;
  readonly trigger: Build['trigger'];
  readonly builderId: string;
  readonly plan: BuildPlan;
  readonly dedupeKey?: string;
}

export interface BuildFilter {
  readonly repositoryId?: string | undefined;
  readonly status?: BuildStatus | undefined;
  readonly ruleId?: string | undefined;
  readonly ref?: string | undefined;
  readonly limit: number;
  readonly before?: string | undefined;
}

/** Builds and their outcome; the log itself lives in files beside the database (LogStore). */
export class BuildStore {
  constructor(private readonly db: Db) {}

  /** Null when a build with the same dedupe key exists already (one build per rule and commit). */
  create(input: NewBuild): Build | null {
    const id = newId();
    const insert = this.db.transaction(() => {
      if (input.dedupeKey && this.db.prepare('SELECT 1 FROM builds WHERE dedupe_key = ?').get(input.dedupeKey)) return false;
      const number = ((this.db.prepare('SELECT max(number) FROM builds WHERE repository_id = ?').pluck().get(input.repositoryId) as number | null) ?? 0) + 1;
      this.db
        .prepare(
          `INSERT INTO builds (id, repository_id, number, rule_id, ref_kind, ref_name, commit_sha, commit_message, commit_time, trigger, status, platforms, builder_id, plan, tags, dedupe_key, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.repositoryId,
          number,
          input.ruleId,
          input.ref.kind,
          input.ref.name,
          input.commit,
          input.commitMessage,
          input.commitTime,
          input.trigger,
          JSON.stringify(input.plan.platforms),
          input.builderId,
          JSON.stringify(input.plan),
          JSON.stringify(input.plan.tags.map((tag): PushedTag => ({ tag, reference: `${input.plan.imageReference}:${tag}`, digest: null, pushedAt: null }))),
          input.dedupeKey ?? null,
          now(),
        );
      return true;
    });
    return insert.immediate() ? this.get(id) : null;
  }

  get(id: string): Build {
    return toBuild(this.#row(id));
  }

  plan(id: string): BuildPlan {
    return JSON.parse(this.#row(id).plan) as BuildPlan;
  }

  commitTime(id: string): string | null {
    return this.#row(id).commit_time;
  }

  list(filter: BuildFilter): Build[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      where.push(clause);
      args.push(value);
    };
    if (filter.repositoryId) add('repository_id = ?', filter.repositoryId);
    if (filter.status) add('status = ?', filter.status);
    if (filter.ruleId) add('rule_id = ?', filter.ruleId);
    if (filter.ref) add('ref_name = ?', filter.ref);
    if (filter.before) add('created_at < (SELECT created_at FROM builds WHERE id = ?)', filter.before);
    const sql = `SELECT * FROM builds ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, number DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as Row[]).map(toBuild);
  }

  /** One page of the history, newest first, and where the next one starts (null on the last). */
  page(query: Omit<BuildFilter, 'before'> & { readonly cursor?: string | undefined }): BuildPage {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      args.push(...values);
    };
    if (query.repositoryId) add('repository_id = ?', query.repositoryId);
    if (query.status) add('status = ?', query.status);
    if (query.ruleId) add('rule_id = ?', query.ruleId);
    if (query.ref) add('ref_name = ?', query.ref);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      add('(created_at < ? OR (created_at = ? AND rowid < ?))', after.createdAt, after.createdAt, after.seq);
    }
    // One row more than asked tells whether another page exists without counting the rest.
    const sql = `SELECT rowid AS seq, * FROM builds ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, query.limit + 1) as (Row & { seq: number })[];
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return { items: rows.slice(0, query.limit).map(toBuild), next: last ? encodeCursor({ createdAt: last.created_at, seq: last.seq }) : null };
  }

  /** Oldest first: the order the queue runs them. */
  queued(): Build[] {
    return this.#queuedRows().map(toBuild);
  }

  /** The queue with what placement reads of each build, in one query rather than two per build. */
  queuedForPlacement(): { readonly build: Build; readonly plan: BuildPlan; readonly lost: readonly string[] }[] {
    return this.#queuedRows().map((row) => ({ build: toBuild(row), plan: JSON.parse(row.plan) as BuildPlan, lost: JSON.parse(row.lost_builders) as string[] }));
  }

  running(): Build[] {
    return (this.db.prepare(`SELECT * FROM builds WHERE status = 'running'`).all() as Row[]).map(toBuild);
  }

  start(id: string): Build {
    // A build back from a lost builder keeps its first start: its duration counts both tries.
    this.db.prepare(`UPDATE builds SET status = 'running', started_at = coalesce(started_at, ?) WHERE id = ? AND status = 'queued'`).run(now(), id);
    return this.get(id);
  }

  /** The build leaves the queue for the builders placement chose. */
  place(id: string, placements: readonly Placement[]): Build {
    this.db.prepare('UPDATE builds SET placements = ?, builder_id = ? WHERE id = ?').run(JSON.stringify(placements), placements[0]?.builderId ?? '', id);
    return this.get(id);
  }

  /** Builders this build lost (unreachable at start, gone mid-build): its next placement avoids them. */
  lostBuilders(id: string): string[] {
    return JSON.parse(this.#row(id).lost_builders) as string[];
  }

  /** A running build whose builder was lost goes back to the queue, remembering that builder. */
  requeue(id: string, lostBuilder: string): Build {
    const lost = [...new Set([...this.lostBuilders(id), lostBuilder])];
    this.db.prepare(`UPDATE builds SET status = 'queued', lost_builders = ?, steps = '[]', engine_build_id = NULL WHERE id = ? AND status = 'running'`).run(JSON.stringify(lost), id);
    return this.get(id);
  }

  setEngineBuildId(id: string, engineBuildId: string): void {
    this.db.prepare('UPDATE builds SET engine_build_id = ? WHERE id = ?').run(engineBuildId, id);
  }

  engineBuildId(id: string): string | null {
    return this.#row(id).engine_build_id;
  }

  setSteps(id: string, steps: readonly BuildStep[]): void {
    this.db.prepare('UPDATE builds SET steps = ? WHERE id = ?').run(JSON.stringify(steps), id);
  }

  steps(id: string): BuildStep[] {
    return JSON.parse(this.#row(id).steps) as BuildStep[];
  }

  setLogLines(id: string, lines: number): void {
    this.db.prepare('UPDATE builds SET log_lines = ? WHERE id = ?').run(lines, id);
  }

  /** A log line or step update arrived at `at` (ISO time); an earlier time never replaces a later one. */
  noteEvent(id: string, at: string): void {
    this.db.prepare('UPDATE builds SET last_event_at = max(coalesce(last_event_at, ?), ?) WHERE id = ?').run(at, at, id);
  }

  setTags(id: string, tags: readonly PushedTag[]): void {
    this.db.prepare('UPDATE builds SET tags = ? WHERE id = ?').run(JSON.stringify(tags), id);
  }

  finish(id: string, status: Exclude<BuildStatus, 'queued' | 'running'>, error?: BuildError): Build {
    this.db.prepare('UPDATE builds SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(status, error ? JSON.stringify(error) : null, now(), id);
    return this.get(id);
  }

  /**
   * At start-up: whatever was running when the app stopped cannot still be running. It ended when
   * it was last heard from (or when it started, if never), not now: the app may have been down for days.
   */
  markInterrupted(): Build[] {
    const running = this.running();
    this.db
      .prepare(`UPDATE builds SET status = 'interrupted', finished_at = coalesce(last_event_at, started_at, ?), error = ? WHERE status = 'running'`)
      .run(now(), JSON.stringify(storedError('interrupted', phrase('builds.errors.interrupted'), phrase('builds.errors.interruptedHint'))));
    return running.map((b) => this.get(b.id));
  }

  /** The images the next build of this repository imports cache from (cache-sources.ts). */
  cacheSources(repositoryId: string): string[] {
    const rows = this.db
      .prepare(`SELECT tags, steps FROM builds WHERE repository_id = ? AND status = 'succeeded' ORDER BY finished_at DESC LIMIT 20`)
      .all(repositoryId) as Pick<Row, 'tags' | 'steps'>[];
    return cacheSources(rows.map((row) => ({ tags: JSON.parse(row.tags) as PushedTag[], steps: JSON.parse(row.steps) as BuildStep[] })));
  }

  #queuedRows(): Row[] {
    return this.db.prepare(`SELECT * FROM builds WHERE status = 'queued' ORDER BY created_at, number`).all() as Row[];
  }

  #row(id: string): Row {
    const row = this.db.prepare('SELECT * FROM builds WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AppError('not_found', phrase('builds.errors.buildNotFound'), phrase('builds.errors.reloadList'));
    return row;
  }
}
