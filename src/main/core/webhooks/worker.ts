import { randomUUID } from 'node:crypto';
import type { AttemptRecord, AttemptResolution, ClaimedDelivery, DeliveryStore } from './delivery-store';
import { postOnce, type PostResult } from './http-post';
import { backoffDelay, describeWait, type DeliveryPolicy } from './policy';
import { signatureFor, signatureHeader } from './signing';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';

export interface DeliveryTarget {
  readonly url: string;
  readonly secret: string | undefined;
}

export interface WorkerDeps {
  readonly store: DeliveryStore;
  /** The webhook's address and secret as they are now (an edit applies to pending retries). */
  readonly target: (webhookId: string) => DeliveryTarget | undefined;
  readonly policy: DeliveryPolicy;
  readonly userAgent: string;
  /** Called after every recorded attempt. */
  readonly onAttempt: (deliveryId: string) => void;
  readonly log: (line: string) => void;
}

interface InFlight {
  readonly abort: AbortController;
  readonly claimed: ClaimedDelivery;
  started?: { readonly url: string; readonly headers: [string, string][]; readonly at: string };
}

/** The whole of what a delivery is told about its outcome: English for the record, and the phrase to word it. */
export function judge(result: PostResult, attemptNumber: number, policy: DeliveryPolicy, at: number = Date.now()): { outcome: AttemptRecord['outcome']; note: string; notePhrase: Phrase; resolution: AttemptResolution } {
  const verdict = (outcome: AttemptRecord['outcome'], notePhrase: Phrase, resolution: AttemptResolution) => ({ outcome, note: inEnglish(notePhrase), notePhrase, resolution });
  const code = result.statusCode;
  if (result.error === null && code !== null && code >= 200 && code < 300) {
    return verdict('succeeded', phrase('webhooks.note.delivered', { code: String(code) }), { status: 'succeeded' });
  }
  if (result.error === null && code !== null && code >= 300 && code < 400) {
    return verdict('failed', phrase('webhooks.note.redirect', { code: String(code) }), { status: 'failed' });
  }
  if (result.error === null && code !== null && code >= 400 && code < 500) {
    return verdict('failed', phrase('webhooks.note.refused', { code: String(code) }), { status: 'failed' });
  }
  const why = result.errorPhrase ?? result.error ?? (code === null ? phrase('webhooks.note.serverErrorNoStatus') : phrase('webhooks.note.serverError', { code: String(code) }));
  if (attemptNumber >= policy.maxAttempts) {
    return verdict('failed', phrase('webhooks.note.gaveUp', { why, attempts: attemptNumber }), { status: 'failed' });
  }
  const wait = backoffDelay(policy, attemptNumber);
  return verdict('retry', phrase('webhooks.note.retrying', { why, wait: describeWait(wait), next: attemptNumber + 1, max: policy.maxAttempts }), { status: 'pending', nextAttemptAt: at + wait });
}

/**
 * Sends due deliveries: claims one (a lease in the database), posts it, records the attempt and
 * what comes next in one transaction. A timer wakes it for the next due retry, so pending work
 * left by a previous run is picked up as soon as the core starts.
 */
export class DeliveryWorker {
  readonly #deps: WorkerDeps;
  readonly #owner = randomUUID();
  readonly #inFlight = new Map<string, InFlight>();
  #timer: NodeJS.Timeout | undefined;
  #kickQueued = false;
  #closed = false;

  constructor(deps: WorkerDeps) {
    this.#deps = deps;
  }

  /** Looks for due work now (after a new delivery, at start). */
  kick(): void {
    if (this.#closed || this.#kickQueued) return;
    this.#kickQueued = true;
    setImmediate(() => {
      this.#kickQueued = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#closed) return;
    const { store, policy } = this.#deps;
    try {
      while (this.#inFlight.size < policy.concurrency) {
        // The lease outlives the request's own timeout, so it never ends while this worker still waits.
        const claimed = store.claim(this.#owner, policy.timeoutMs + 30_000);
        if (!claimed) break;
        const entry: InFlight = { abort: new AbortController(), claimed };
        this.#inFlight.set(claimed.id, entry);
        void this.#send(entry).finally(() => {
          this.#inFlight.delete(claimed.id);
          this.kick();
        });
      }
    } catch (error) {
      this.#deps.log(`webhook delivery: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // While every slot is busy, the end of a running attempt looks for more work; a timer would only spin.
    if (this.#closed || this.#inFlight.size >= this.#deps.policy.concurrency) return;
    const due = this.#deps.store.nextDueAt();
    if (due === null) return;
    const wait = Math.min(2 ** 31 - 1, Math.max(10, due - Date.now()));
    this.#timer = setTimeout(() => this.#pump(), wait);
    // A pending retry must not keep a closing process alive; the next start picks it up.
    this.#timer.unref();
  }

  async #send(entry: InFlight): Promise<void> {
    const { store, policy } = this.#deps;
    const { claimed } = entry;
    const target = this.#deps.target(claimed.webhookId);
    if (!target) {
      store.release(this.#owner, claimed.id);
      return;
    }
    const headers: [string, string][] = [
      ['Content-Type', 'application/json'],
      ['User-Agent', this.#deps.userAgent],
      ['X-Slipway-Event', claimed.event],
      ['X-Slipway-Delivery', claimed.id],
      ['X-Slipway-Webhook', claimed.webhookId],
    ];
    if (target.secret) headers.push([signatureHeader, signatureFor(target.secret, claimed.body, Date.now() / 1000)]);
    const url = new URL(target.url);
    entry.started = { url: target.url, headers, at: new Date().toISOString() };
    const result = await postOnce(url, headers, claimed.body, { timeoutMs: policy.timeoutMs, maxResponseBytes: policy.maxResponseBytes, signal: entry.abort.signal });
    // close() has recorded this attempt already, and the database may be gone.
    if (this.#closed) return;
    const number = claimed.attempts + 1;
    const verdict = judge(result, number, policy);
    const hide = (text: string) => (target.secret ? text.split(target.secret).join('[secret]') : text);
    try {
      store.finishAttempt(
        this.#owner,
        claimed.id,
        {
          startedAt: result.startedAt,
          durationMs: result.durationMs,
          url: target.url,
          requestHeaders: result.requestHeaders,
          requestBody: claimed.body,
          statusCode: result.statusCode,
          // A receiver that echoes what it was given must not put the secret into the history.
          responseHeaders: result.responseHeaders.map(([n, v]) => [n, hide(v)]),
          responseBody: hide(result.responseBody),
          responseTruncated: result.responseTruncated,
          error: result.error,
          ...(result.errorPhrase ? { errorPhrase: result.errorPhrase } : {}),
          outcome: verdict.outcome,
          note: verdict.note,
          notePhrase: verdict.notePhrase,
        },
        verdict.resolution,
      );
      if (verdict.resolution.status !== 'pending') store.prune(claimed.webhookId);
    } catch (error) {
      this.#deps.log(`webhook delivery ${claimed.id}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.#deps.onAttempt(claimed.id);
  }

  /**
   * Stops synchronously (the database closes right after). An attempt still on the wire is
   * recorded as interrupted and stays pending: the next start sends it again with the same
   * X-Slipway-Delivery id, which is how a receiver can tell a repeat.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    const { store } = this.#deps;
    const closedWaiting = phrase('webhooks.note.closedWaiting');
    const sentAgain = phrase('webhooks.note.sentAgainAtStart');
    for (const entry of this.#inFlight.values()) {
      entry.abort.abort();
      try {
        if (!entry.started) {
          store.release(this.#owner, entry.claimed.id);
          continue;
        }
        store.finishAttempt(
          this.#owner,
          entry.claimed.id,
          {
            startedAt: entry.started.at,
            durationMs: Date.now() - Date.parse(entry.started.at),
            url: entry.started.url,
            requestHeaders: entry.started.headers,
            requestBody: entry.claimed.body,
            statusCode: null,
            responseHeaders: [],
            responseBody: '',
            responseTruncated: false,
            error: inEnglish(closedWaiting),
            errorPhrase: closedWaiting,
            outcome: 'retry',
            note: inEnglish(sentAgain),
            notePhrase: sentAgain,
          },
          { status: 'pending', nextAttemptAt: Date.now() },
        );
      } catch {
        // Closing must not fail because one record could not be written; the lease simply expires.
      }
    }
    this.#inFlight.clear();
  }
}
