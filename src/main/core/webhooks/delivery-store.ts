import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { storedPhrase } from '../../../shared/i18n/phrase-schema';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryPage } from '../../../shared/models/webhook';
import type { Db } from '../db/database';
import { decodeCursor, encodeCursor } from '../db/page-cursor';
import { now } from '../catalog/ids';

type Status = WebhookDelivery['status'];

interface DeliveryRow {
  id: string;
  seq: number;
  webhook_id: string;
  event: 'push' | 'test';
  tag: string;
  digest: string;
  body: string;
  redelivery_of: string | null;
  status: Status;
  attempts: number;
  next_attempt_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  last_status: number | null;
  created_at: string;
  finished_at: string | null;
}

interface AttemptRow {
  id: number;
  delivery_id: string;
  number: number;
  started_at: string;
  duration_ms: number;
  url: string;
  request_headers: string;
  request_body: string;
  status_code: number | null;
  response_headers: string;
  response_body: string;
  response_truncated: number;
  error: string | null;
  outcome: WebhookAttempt['outcome'];
  note: string;
  error_phrase: string | null;
  note_phrase: string | null;
}

/** A delivery this worker holds the lease on: it alone may send it until the lease ends. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly event: 'push' | 'test';
  readonly body: string;
  /** Attempts already made before this one. */
  readonly attempts: number;
}

export interface NewDelivery {
  readonly webhookId: string;
  readonly event: 'push' | 'test';
  readonly tag: string;
  readonly digest: string;
  readonly body: string;
  /** One delivery per webhook and key: the same push announced twice is delivered once. */
  readonly dedupeKey?: string;
  readonly redeliveryOf?: string;
}

export type AttemptRecord = Omit<WebhookAttempt, 'id' | 'number'>;

export type AttemptResolution = { readonly status: 'pending'; readonly nextAttemptAt: number } | { readonly status: 'succeeded' | 'failed' };

/** How many finished deliveries each webhook keeps; pending ones are never pruned. */
const keptPerWebhook = 200;

function toAttempt(row: AttemptRow): WebhookAttempt {
  return {
    id: row.id,
    number: row.number,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    url: row.url,
    requestHeaders: JSON.parse(row.request_headers) as [string, string][],
    requestBody: row.request_body,
    statusCode: row.status_code,
    responseHeaders: JSON.parse(row.response_headers) as [string, string][],
    responseBody: row.response_body,
    responseTruncated: row.response_truncated === 1,
    error: row.error,
    outcome: row.outcome,
    note: row.note,
    ...storedPhraseField('errorPhrase', row.error_phrase),
    ...storedPhraseField('notePhrase', row.note_phrase),
  };
}

/** `{ [field]: phrase }` when the column holds one that still parses, else nothing. */
function storedPhraseField<F extends string>(field: F, json: string | null): Partial<Record<F, Phrase>> {
  const phrase = storedPhrase(json);
  return phrase ? ({ [field]: phrase } as Record<F, Phrase>) : {};
}

/**
 * Deliveries and their attempts, persisted so that a restart loses none. A worker claims a due
 * delivery by writing its lease in an IMMEDIATE transaction: two workers (or two app instances over
 * one data folder) can never hold the same delivery at once.
 */
export class DeliveryStore {
  constructor(private readonly db: Db) {}

  /** Returns null when the dedupe key was seen already for this webhook. */
  create(delivery: NewDelivery): string | null {
    const id = randomUUID();
    const changes = this.db
      .prepare(
        `INSERT OR IGNORE INTO webhook_deliveries (id, seq, webhook_id, event, tag, digest, body, dedupe_key, redelivery_of, status, attempts, next_attempt_at, created_at)
         VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM webhook_deliveries), ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
      )
      .run(id, delivery.webhookId, delivery.event, delivery.tag, delivery.digest, delivery.body, delivery.dedupeKey ?? null, delivery.redeliveryOf ?? null, Date.now(), now()).changes;
    return changes > 0 ? id : null;
  }

  /** Takes the lease on the next due delivery, or returns null when none is due. */
  claim(owner: string, leaseMs: number, at: number = Date.now()): ClaimedDelivery | null {
    const take = this.db.transaction(() => {
      const row = this.db
        .prepare(
          `SELECT * FROM webhook_deliveries
           WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
           ORDER BY next_attempt_at, seq LIMIT 1`,
        )
        .get(at, at) as DeliveryRow | undefined;
      if (!row) return null;
      this.db.prepare('UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?').run(owner, at + leaseMs, row.id);
      return { id: row.id, webhookId: row.webhook_id, event: row.event, body: row.body, attempts: row.attempts };
    });
    return take.immediate();
  }

  /**
   * Records one attempt and moves the delivery on, in one transaction, only while this owner still
   * holds the lease. Returns false when the lease was lost (the attempt is recorded all the same).
   */
  finishAttempt(owner: string, deliveryId: string, attempt: AttemptRecord, resolution: AttemptResolution): boolean {
    const write = this.db.transaction(() => {
      const row = this.db.prepare('SELECT attempts, lease_owner FROM webhook_deliveries WHERE id = ?').get(deliveryId) as { attempts: number; lease_owner: string | null } | undefined;
      if (!row) return false;
      this.db
        .prepare(
          `INSERT INTO webhook_attempts (delivery_id, number, started_at, duration_ms, url, request_headers, request_body, status_code, response_headers, response_body, response_truncated, error, outcome, note, error_phrase, note_phrase)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          deliveryId,
          row.attempts + 1,
          attempt.startedAt,
          attempt.durationMs,
          attempt.url,
          JSON.stringify(attempt.requestHeaders),
          attempt.requestBody,
          attempt.statusCode,
          JSON.stringify(attempt.responseHeaders),
          attempt.responseBody,
          attempt.responseTruncated ? 1 : 0,
          attempt.error,
          attempt.outcome,
          attempt.note,
          attempt.errorPhrase ? JSON.stringify(attempt.errorPhrase) : null,
          attempt.notePhrase ? JSON.stringify(attempt.notePhrase) : null,
        );
      if (row.lease_owner !== owner) return false;
      this.db
        .prepare(
          `UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
             last_status = ?, finished_at = ? WHERE id = ?`,
        )
        .run(
          resolution.status,
          resolution.status === 'pending' ? resolution.nextAttemptAt : null,
          attempt.statusCode,
          resolution.status === 'pending' ? null : now(),
          deliveryId,
        );
      return true;
    });
    return write.immediate();
  }

  /** Gives a lease back without an attempt (the worker is closing before it sent anything). */
  release(owner: string, deliveryId: string): void {
    this.db.prepare('UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?').run(deliveryId, owner);
  }

  /** When the next pending delivery falls due (ms since the epoch), or null when none waits. */
  nextDueAt(): number | null {
    const row = this.db
      .prepare(`SELECT min(max(next_attempt_at, coalesce(lease_until, 0))) FROM webhook_deliveries WHERE status = 'pending'`)
      .pluck()
      .get() as number | null;
    return row ?? null;
  }

  get(id: string): WebhookDelivery {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    if (!row) throw new AppError('not_found', phrase('webhooks.errors.deliveryGone'), phrase('webhooks.errors.deliveryGoneHint'));
    return this.#view(row);
  }

  /** The stored body of a delivery, for a redelivery. */
  source(id: string): { webhookId: string; event: 'push' | 'test'; tag: string; digest: string; body: string } {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    if (!row) throw new AppError('not_found', phrase('webhooks.errors.deliveryGone'), phrase('webhooks.errors.deliveryGoneHint'));
    return { webhookId: row.webhook_id, event: row.event, tag: row.tag, digest: row.digest, body: row.body };
  }

  history(webhookId: string, limit: number): WebhookDelivery[] {
    const rows = this.db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?').all(webhookId, limit) as DeliveryRow[];
    return rows.map((row) => this.#view(row));
  }

  /**
   * One page of a webhook's history, newest first, and where the next one starts (null on the last).
   * `seq` only grows, so it alone orders the rows and the `webhook_deliveries_webhook` index serves it.
   */
  page(webhookId: string, limit: number, cursor?: string): WebhookDeliveryPage {
    const [after] = cursor ? decodeCursor(cursor, ['number'], { message: phrase('webhooks.errors.badCursor'), hint: phrase('webhooks.errors.badCursorHint') }) : [Number.MAX_SAFE_INTEGER];
    // One row more than asked tells whether another page exists without counting the rest.
    const rows = this.db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?').all(webhookId, after, limit + 1) as DeliveryRow[];
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items: rows.slice(0, limit).map((row) => this.#view(row)), next: last ? encodeCursor([last.seq]) : null };
  }

  summary(id: string): { webhookId: string; status: Status; attempts: number; statusCode: number | null } | undefined {
    const row = this.db.prepare('SELECT webhook_id, status, attempts, last_status FROM webhook_deliveries WHERE id = ?').get(id) as
      | Pick<DeliveryRow, 'webhook_id' | 'status' | 'attempts' | 'last_status'>
      | undefined;
    return row ? { webhookId: row.webhook_id, status: row.status, attempts: row.attempts, statusCode: row.last_status } : undefined;
  }

  /** Keeps each webhook's history bounded; pending deliveries always stay. */
  prune(webhookId: string): void {
    this.db
      .prepare(
        `DELETE FROM webhook_deliveries WHERE webhook_id = ? AND status != 'pending'
         AND seq < (SELECT seq FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
      )
      .run(webhookId, webhookId, keptPerWebhook - 1);
  }

  #view(row: DeliveryRow): WebhookDelivery {
    const attempts = (this.db.prepare('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY number').all(row.id) as AttemptRow[]).map(toAttempt);
    return {
      id: row.id,
      webhookId: row.webhook_id,
      event: row.event,
      tag: row.tag,
      digest: row.digest,
      status: row.status,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      nextAttemptAt: row.status === 'pending' && row.next_attempt_at !== null ? new Date(row.next_attempt_at).toISOString() : null,
      redeliveryOf: row.redelivery_of,
      attempts,
    };
  }
}
