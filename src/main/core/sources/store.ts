import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import type { CodeSource, OAuthProvider, SourceProvider } from '../../../shared/models/code-source';
import type { Db } from '../db/database';
import type { SecretStore } from '../secrets/secret-store';
import type { AccountFacts, SiteEndpoints, TokenSet } from './provider';

interface Row {
  id: string;
  provider: SourceProvider;
  base_url: string;
  api_url: string;
  login: string;
  display_name: string | null;
  account_id: string;
  token_secret: string;
  refresh_secret: string | null;
  access_expires_at: string | null;
  token_expires_at: string | null;
  scopes: string;
  ca_cert: string | null;
  status: 'ok' | 'attention';
  reason: string | null;
  hint: string | null;
  checked_at: string | null;
  created_at: string;
}

export interface SourceRecord {
  readonly id: string;
  readonly site: SiteEndpoints;
  readonly login: string;
  readonly accountId: string;
  readonly accessExpiresAt?: string;
  readonly hasRefresh: boolean;
}

/** How soon before a token's expiry the row warns. */
const warnDays = 14;

/** Bound accounts. The table holds secret ids only; tokens live in the vault. */
export class SourceStore {
  readonly #db: Db;
  readonly #secrets: SecretStore;

  constructor(db: Db, secrets: SecretStore) {
    this.#db = db;
    this.#secrets = secrets;
  }

  list(now = Date.now()): CodeSource[] {
    return (this.#db.prepare('SELECT * FROM code_sources ORDER BY provider, created_at').all() as Row[]).map((r) => toModel(r, now));
  }

  get(id: string, now = Date.now()): CodeSource {
    return toModel(this.#row(id), now);
  }

  record(id: string): SourceRecord {
    const r = this.#row(id);
    return {
      id: r.id,
      site: { provider: r.provider, baseUrl: r.base_url, apiUrl: r.api_url, ...(r.ca_cert ? { caCertPem: r.ca_cert } : {}) },
      login: r.login,
      accountId: r.account_id,
      ...(r.access_expires_at ? { accessExpiresAt: r.access_expires_at } : {}),
      hasRefresh: r.refresh_secret !== null,
    };
  }

  ids(): string[] {
    return (this.#db.prepare('SELECT id FROM code_sources').all() as { id: string }[]).map((r) => r.id);
  }

  token(id: string): string {
    const token = this.#secrets.get(this.#row(id).token_secret);
    if (token === undefined) throw new AppError('not_found', phrase('sources.store.tokenMissing'), phrase('sources.store.tokenMissingHint'));
    return token;
  }

  refreshToken(id: string): string | undefined {
    const ref = this.#row(id).refresh_secret;
    return ref ? this.#secrets.get(ref) : undefined;
  }

  /** Adds the account, or replaces the token of the same account on the same site (binding again). */
  save(site: SiteEndpoints, facts: AccountFacts, tokens: TokenSet): CodeSource {
    const now = new Date().toISOString();
    const existing = this.#db
      .prepare('SELECT id FROM code_sources WHERE provider = ? AND base_url = ? AND account_id = ?')
      .get(site.provider, site.baseUrl, facts.accountId) as { id: string } | undefined;
    const id = existing?.id ?? randomUUID();
    const write = this.#db.transaction(() => {
      const old = existing ? this.#row(id) : undefined;
      const tokenSecret = this.#secrets.put(tokens.accessToken, old?.token_secret);
      let refreshSecret: string | null = old?.refresh_secret ?? null;
      if (tokens.refreshToken) refreshSecret = this.#secrets.put(tokens.refreshToken, refreshSecret ?? undefined);
      let staleRefresh: string | null = null;
      if (!tokens.refreshToken && refreshSecret) {
        staleRefresh = refreshSecret;
        refreshSecret = null;
      }
      this.#db
        .prepare(
          `INSERT INTO code_sources (id, provider, base_url, api_url, login, display_name, account_id, token_secret, refresh_secret, access_expires_at,
             token_expires_at, scopes, ca_cert, status, reason, hint, checked_at, created_at)
           VALUES (@id, @provider, @base_url, @api_url, @login, @display_name, @account_id, @token_secret, @refresh_secret, @access_expires_at,
             @token_expires_at, @scopes, @ca_cert, @status, @reason, @hint, @checked_at, @created_at)
           ON CONFLICT(id) DO UPDATE SET api_url = excluded.api_url, login = excluded.login, display_name = excluded.display_name,
             token_secret = excluded.token_secret, refresh_secret = excluded.refresh_secret, access_expires_at = excluded.access_expires_at,
             token_expires_at = excluded.token_expires_at, scopes = excluded.scopes, ca_cert = excluded.ca_cert, status = excluded.status,
             reason = excluded.reason, hint = excluded.hint, checked_at = excluded.checked_at`,
        )
        .run({
          id,
          provider: site.provider,
          base_url: site.baseUrl,
          api_url: site.apiUrl,
          login: facts.login,
          display_name: facts.displayName ?? null,
          account_id: facts.accountId,
          token_secret: tokenSecret,
          refresh_secret: refreshSecret,
          access_expires_at: tokens.accessExpiresAt ?? null,
          token_expires_at: facts.tokenExpiresAt ?? null,
          scopes: JSON.stringify(facts.scopes),
          ca_cert: site.caCertPem ?? null,
          status: facts.shortcoming ? 'attention' : 'ok',
          reason: english(facts.shortcoming?.reason),
          hint: english(facts.shortcoming?.hint),
          checked_at: now,
          created_at: now,
        });
      // After the row stops pointing at it, or the foreign key refuses.
      if (staleRefresh) this.#secrets.delete(staleRefresh);
    });
    write();
    return this.get(id);
  }

  /** A silent refresh's result: the new pair replaces the old one in the vault. */
  updateTokens(id: string, tokens: TokenSet): void {
    const r = this.#row(id);
    this.#db.transaction(() => {
      this.#secrets.put(tokens.accessToken, r.token_secret);
      let refreshSecret = r.refresh_secret;
      if (tokens.refreshToken) refreshSecret = this.#secrets.put(tokens.refreshToken, refreshSecret ?? undefined);
      this.#db.prepare('UPDATE code_sources SET refresh_secret = ?, access_expires_at = ? WHERE id = ?').run(refreshSecret, tokens.accessExpiresAt ?? null, id);
    })();
  }

  markChecked(id: string, facts: AccountFacts): void {
    this.#db
      .prepare(
        `UPDATE code_sources SET login = ?, display_name = ?, scopes = ?, token_expires_at = ?, status = ?, reason = ?, hint = ?, checked_at = ? WHERE id = ?`,
      )
      .run(
        facts.login,
        facts.displayName ?? null,
        JSON.stringify(facts.scopes),
        facts.tokenExpiresAt ?? null,
        facts.shortcoming ? 'attention' : 'ok',
        english(facts.shortcoming?.reason),
        english(facts.shortcoming?.hint),
        new Date().toISOString(),
        id,
      );
  }

  markAttention(id: string, reason: string, hint: string | undefined): void {
    this.#db.prepare(`UPDATE code_sources SET status = 'attention', reason = ?, hint = ?, checked_at = ? WHERE id = ?`).run(reason, hint ?? null, new Date().toISOString(), id);
  }

  delete(id: string): void {
    const r = this.#row(id);
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM code_sources WHERE id = ?').run(id);
      this.#secrets.delete(r.token_secret);
      if (r.refresh_secret) this.#secrets.delete(r.refresh_secret);
    })();
  }

  /** OAuth apps entered in Settings; the client secret lives in the vault. */
  oauthApp(provider: OAuthProvider): { clientId: string; clientSecret?: string } | undefined {
    const row = this.#db.prepare('SELECT client_id, secret_id FROM oauth_apps WHERE provider = ?').get(provider) as { client_id: string; secret_id: string | null } | undefined;
    if (!row || !row.client_id) return undefined;
    const secret = row.secret_id ? this.#secrets.get(row.secret_id) : undefined;
    return { clientId: row.client_id, ...(secret ? { clientSecret: secret } : {}) };
  }

  saveOAuthApp(provider: OAuthProvider, clientId: string, clientSecret: string | undefined): void {
    const row = this.#db.prepare('SELECT secret_id FROM oauth_apps WHERE provider = ?').get(provider) as { secret_id: string | null } | undefined;
    this.#db.transaction(() => {
      const old = row?.secret_id ?? null;
      let secretId = old;
      if (clientSecret) secretId = this.#secrets.put(clientSecret, old ?? undefined);
      else if (clientSecret === '') secretId = null;
      if (!clientId) {
        this.#db.prepare('DELETE FROM oauth_apps WHERE provider = ?').run(provider);
        secretId = null;
      } else {
        this.#db
          .prepare(
            `INSERT INTO oauth_apps (provider, client_id, secret_id, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT(provider) DO UPDATE SET client_id = excluded.client_id, secret_id = excluded.secret_id, updated_at = excluded.updated_at`,
          )
          .run(provider, clientId, secretId, new Date().toISOString());
      }
      // Deleted only once no row points at it any more.
      if (old && secretId !== old) this.#secrets.delete(old);
    })();
  }

  #row(id: string): Row {
    const row = this.#db.prepare('SELECT * FROM code_sources WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AppError('not_found', phrase('sources.store.notBound'), phrase('sources.store.notBoundHint'));
    return row;
  }
}

/**
 * A shortcoming is stored in English: the table has no column for its phrase, and a reason stored
 * earlier is English too. Expiry words are made from the stored date each time, so they are phrases.
 */
function english(text: Phrase | undefined): string | null {
  return text ? inEnglish(text) : null;
}

function toModel(r: Row, now: number): CodeSource {
  const expiry = r.token_expires_at ? Date.parse(r.token_expires_at) : undefined;
  const date = r.token_expires_at?.slice(0, 10) ?? '';
  let expiryWarning: Phrase | undefined;
  if (expiry !== undefined && expiry > now && expiry - now < warnDays * 86_400_000) {
    expiryWarning = phrase('sources.store.expiresSoon', { days: Math.max(1, Math.ceil((expiry - now) / 86_400_000)), date });
  }
  const expired = expiry !== undefined && expiry <= now;
  const expiredReason = phrase('sources.store.expired', { date });
  const expiredHint = phrase('sources.store.expiredHint');
  return {
    id: r.id,
    provider: r.provider,
    baseUrl: r.base_url,
    login: r.login,
    ...(r.display_name ? { displayName: r.display_name } : {}),
    status: expired ? 'attention' : r.status,
    ...(expired
      ? { reason: inEnglish(expiredReason), hint: inEnglish(expiredHint), phrase: expiredReason, hintPhrase: expiredHint }
      : { ...(r.reason ? { reason: r.reason } : {}), ...(r.hint ? { hint: r.hint } : {}) }),
    scopes: JSON.parse(r.scopes) as string[],
    ...(r.token_expires_at ? { tokenExpiresAt: r.token_expires_at } : {}),
    ...(expiryWarning ? { expiryWarning: inEnglish(expiryWarning), expiryWarningPhrase: expiryWarning } : {}),
    hasCaCert: r.ca_cert !== null,
    ...(r.checked_at ? { checkedAt: r.checked_at } : {}),
    createdAt: r.created_at,
  };
}
