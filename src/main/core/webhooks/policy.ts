import { phrase, type Phrase } from '../../../shared/i18n/phrase';

/** How deliveries are sent and retried; tests shorten the delays. */
export interface DeliveryPolicy {
  /** Whole exchange, connect to last byte of the answer. */
  readonly timeoutMs: number;
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The wait before the second attempt; each later wait doubles, up to maxDelayMs. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Kept of each answer's body for the history. */
  readonly maxResponseBytes: number;
  /** Deliveries sent at once. */
  readonly concurrency: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = {
  timeoutMs: 10_000,
  maxAttempts: 6,
  baseDelayMs: 10_000,
  maxDelayMs: 10 * 60_000,
  maxResponseBytes: 16 * 1024,
  concurrency: 4,
};

/** The wait after attempt `attempt` (1-based) failed: 10 s, 20 s, 40 s … with ±10% jitter so a fleet of retries spreads out. */
export function backoffDelay(policy: DeliveryPolicy, attempt: number, random: () => number = Math.random): number {
  const exact = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(0, Math.round(exact * (0.9 + random() * 0.2)));
}

export function describeWait(ms: number): Phrase {
  if (ms < 1000) return waitPhrase('ms', ms);
  if (ms < 90_000) return waitPhrase('s', Math.round(ms / 1000));
  return waitPhrase('min', Math.round(ms / 60_000));
}

/** A wait as the history words it: whole milliseconds, seconds or minutes. */
export function waitPhrase(unit: 'ms' | 's' | 'min', count: number): Phrase {
  return phrase('webhooks.wire.wait', { unit, count: String(count) });
}
