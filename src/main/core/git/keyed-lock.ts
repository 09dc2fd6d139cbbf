import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';

/**
 * One async mutex per key (a mirror's folder): git takes ref locks and would fail, not wait, when
 * two fetches update the same mirror at once; creating a mirror twice would race on the folder.
 * In-process only — the app is single-instance, so no other Slipway shares the data folder.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  /**
   * Runs `work` once every earlier holder of `key` is done, telling it whether there was one. A
   * caller canceled while it waits leaves the queue at once (a canceled build does not wait for
   * another build's fetch); the order of the others is kept.
   */
  async run<T>(key: string, work: (waited: boolean) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const held = this.#tails.get(key);
    const previous = held ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    const cleanUp = (): void => {
      // The last holder cleans up, so the map does not grow with every mirror ever fetched.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
    try {
      await waitOrAbort(previous, signal);
    } catch (error) {
      // Whoever queued after this caller still waits for the ones before it.
      void previous.then(() => {
        release();
        cleanUp();
      });
      throw error;
    }
    try {
      // Whether another holder ran first: what it did (a fetch) may have changed what work finds.
      return await work(held !== undefined);
    } finally {
      release();
      cleanUp();
    }
  }

  /** True while someone holds or waits for `key` (tests). */
  busy(key: string): boolean {
    return this.#tails.has(key);
  }
}

function waitOrAbort(turn: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return turn;
  if (signal.aborted) return Promise.reject(new AppError('canceled', phrase('sources.git.canceledWaiting')));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new AppError('canceled', phrase('sources.git.canceledWaiting')));
    signal.addEventListener('abort', onAbort, { once: true });
    void turn.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
