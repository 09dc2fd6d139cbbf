import { isPhrase, type Text } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import type { BuilderHealth } from './pool-ports';

/** Milliseconds since the epoch; injected so tests move time instead of waiting for it. */
export type Clock = () => number;

export interface RestPolicy {
  /** The first rest after a failure. */
  readonly firstMs: number;
  /** Rests double up to this. */
  readonly maxMs: number;
}

export const defaultRestPolicy: RestPolicy = { firstMs: 15_000, maxMs: 5 * 60_000 };

/** How long a builder rests after its n-th failure in a row (1-based): 15 s, 30 s, 1 min, … capped. */
export function restMs(failures: number, policy: RestPolicy = defaultRestPolicy): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(policy.firstMs * 2 ** doublings, policy.maxMs);
}

interface Record {
  readonly failures: number;
  readonly until: number;
  readonly reason: Text;
}

/**
 * Failures in a row per builder. A failing builder is left alone until its rest ends; it is then
 * tried again (reported healthy), and the next failure rests it twice as long, until a success
 * clears the count.
 */
export class HealthBook {
  readonly #records = new Map<string, Record>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: RestPolicy = defaultRestPolicy,
  ) {}

  failed(id: string, reason: Text): BuilderHealth {
    const failures = (this.#records.get(id)?.failures ?? 0) + 1;
    this.#records.set(id, { failures, until: this.clock() + restMs(failures, this.policy), reason });
    return this.health(id);
  }

  /** True when the builder had failures to forget. */
  succeeded(id: string): boolean {
    return this.#records.delete(id);
  }

  forget(id: string): void {
    this.#records.delete(id);
  }

  health(id: string): BuilderHealth {
    const record = this.#records.get(id);
    if (!record || record.until <= this.clock()) return { state: 'healthy' };
    const { reason } = record;
    return {
      state: 'resting',
      failures: record.failures,
      until: new Date(record.until).toISOString(),
      reason: isPhrase(reason) ? inEnglish(reason) : reason,
      ...(isPhrase(reason) ? { reasonPhrase: reason } : {}),
    };
  }

  /** Resting now: probes leave it alone too. */
  isResting(id: string): boolean {
    return this.health(id).state === 'resting';
  }
}
