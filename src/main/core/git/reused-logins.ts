import { AppError } from '../../../shared/errors';
import type { GitAuth } from './auth';

/**
 * A code source's login and CA, asked for once and reused by the checks that follow: the watcher
 * lists hundreds of remotes a minute, and asking the code source each time reads its row and
 * decrypts its token from the vault for every check. Reused for `reuseMs` (well inside the five
 * minutes before expiry at which the code source refreshes a token, so a reused token has not
 * expired), and dropped at once when the host refuses it: the listing is tried once more with
 * what the code source gives now (a token refreshed or bound again meanwhile), if that differs.
 */
export class ReusedLogins {
  readonly #known = new Map<string, { readonly auth: Promise<GitAuth>; readonly until: number }>();

  constructor(
    private readonly resolve: (sourceId: string) => Promise<GitAuth>,
    private readonly reuseMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `work` with the source's login; a refusal with a reused login is tried again with a fresh one. */
  async use<T>(sourceId: string, work: (auth: GitAuth) => Promise<T>): Promise<T> {
    const reused = this.#known.get(sourceId);
    const auth = await this.#get(sourceId);
    try {
      return await work(auth);
    } catch (error) {
      if (!reused || !(error instanceof AppError) || (error.code !== 'unauthorized' && error.code !== 'forbidden' && error.code !== 'tls')) throw error;
      this.forget(sourceId);
      const fresh = await this.#get(sourceId);
      if (same(fresh, auth)) throw error;
      return work(fresh);
    }
  }

  forget(sourceId: string): void {
    this.#known.delete(sourceId);
  }

  /** An unbound account's token must not outlive it here by a minute. */
  forgetAll(): void {
    this.#known.clear();
  }

  #get(sourceId: string): Promise<GitAuth> {
    const known = this.#known.get(sourceId);
    if (known && known.until > this.now()) return known.auth;
    const auth = this.resolve(sourceId);
    this.#known.set(sourceId, { auth, until: this.now() + this.reuseMs });
    // A failed lookup is not kept: the next check asks again.
    auth.catch(() => {
      if (this.#known.get(sourceId)?.auth === auth) this.#known.delete(sourceId);
    });
    return auth;
  }
}

function same(a: GitAuth, b: GitAuth): boolean {
  return a.caCertPem === b.caCertPem && a.credential?.username === b.credential?.username && a.credential?.password === b.credential?.password;
}
