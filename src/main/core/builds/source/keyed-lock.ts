/**
 * One async mutex per key (a mirror's folder): git takes ref locks and would fail, not wait, when
 * two fetches update the same mirror at once; creating a mirror twice would race on the folder.
 * In-process only — the app is single-instance, so no other Slipway shares the data folder.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // The last holder cleans up, so the map does not grow with every mirror ever fetched.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** True while someone holds or waits for `key` (tests). */
  busy(key: string): boolean {
    return this.#tails.has(key);
  }
}
