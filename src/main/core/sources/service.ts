import { randomUUID } from 'node:crypto';
import { AppError, quote } from '../../../shared/errors';
import type { LanguageChoice } from '../../../shared/i18n/locales';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import type { CodeSource, GitlabBindInput, OAuthAppInfo, OAuthFlow, OAuthProvider, Owner, Page, SourceProvider, SourceRef, SourceRepository } from '../../../shared/models/code-source';
import type { Db } from '../db/database';
import type { GitCredential, GitCredentialSource } from '../domain';
import { anonymousAuth, type GitAuth, type GitAuthSource } from '../git';
import type { EventBus } from '../events';
import type { SecretStore } from '../secrets/secret-store';
import { BitbucketClient, bitbucketOAuth, bitbucketSite } from './bitbucket';
import { GiteeClient, giteeOAuth, giteeSite } from './gitee';
import { GitHubClient, githubOAuth, githubSite } from './github';
import { GitLabClient, gitlabSite } from './gitlab';
import { startLoopback } from './oauth-loopback';
import { createPkce, createState } from './pkce';
import type { OAuthClientCredentials, OAuthSpec, SiteEndpoints, SourceClient } from './provider';
import { SourceStore } from './store';

type Env = { readonly [name: string]: string | undefined };

export interface CodeSourcesDeps {
  readonly db: Db;
  readonly secrets: SecretStore;
  readonly bus: EventBus;
  readonly env: Env;
  /** Opens the system browser (Electron: shell.openExternal). Absent headless: the window opens the URL. */
  readonly openExternal?: (url: string) => void;
  readonly log?: (line: string) => void;
  /** The language preference, which the OAuth landing page follows. */
  readonly language?: () => LanguageChoice;
}

const specs: Record<OAuthProvider, OAuthSpec> = { github: githubOAuth, bitbucket: bitbucketOAuth, gitee: giteeOAuth };
const names: Record<SourceProvider, string> = { github: 'GitHub', gitlab: 'GitLab', bitbucket: 'Bitbucket', gitee: 'Gitee' };
/** The username git sends with each provider's token (the password). */
const gitUsernames: Record<SourceProvider, string> = { github: 'x-access-token', gitlab: 'oauth2', bitbucket: 'x-token-auth', gitee: 'oauth2' };
/** Refresh this long before the access token runs out, so a clone never starts with a dying token. */
const refreshMarginMs = 5 * 60_000;

/**
 * Code-source bindings: OAuth flows through a loopback listener, GitLab tokens checked for real,
 * background health, refresh, revocation, browsing, and the git credential for builds.
 */
export class CodeSources implements GitCredentialSource, GitAuthSource {
  readonly store: SourceStore;
  readonly #deps: CodeSourcesDeps;
  readonly #flows = new Map<string, { provider: OAuthProvider; cancel: () => void }>();
  readonly #refreshing = new Map<string, Promise<string>>();
  #health: NodeJS.Timeout | undefined;

  constructor(deps: CodeSourcesDeps) {
    this.#deps = deps;
    this.store = new SourceStore(deps.db, deps.secrets);
  }

  list(): CodeSource[] {
    return this.store.list();
  }

  #changed(): void {
    this.#deps.bus.emit('sources:changed', this.store.list());
  }

  // ---- OAuth apps -------------------------------------------------------------------------

  #envKey(provider: OAuthProvider, what: string): string {
    return `SLIPWAY_${provider.toUpperCase()}_${what}`;
  }

  #callbackPort(provider: OAuthProvider): number {
    const fromEnv = this.#deps.env[this.#envKey(provider, 'CALLBACK_PORT')];
    const port = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : specs[provider].callbackPort;
    return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : specs[provider].callbackPort;
  }

  #callbackUrl(provider: OAuthProvider): string {
    const port = this.#callbackPort(provider);
    return port === 0 ? 'http://127.0.0.1/callback' : `http://127.0.0.1:${port}/callback`;
  }

  oauthApps(): OAuthAppInfo[] {
    return (['github', 'bitbucket', 'gitee'] as const).map((provider) => this.#appInfo(provider));
  }

  #appInfo(provider: OAuthProvider): OAuthAppInfo {
    const stored = this.store.oauthApp(provider);
    const envId = this.#deps.env[this.#envKey(provider, 'CLIENT_ID')];
    const callbackUrl = this.#callbackUrl(provider);
    if (stored) return { provider, clientId: stored.clientId, hasSecret: Boolean(stored.clientSecret), origin: 'settings', callbackUrl };
    if (envId) return { provider, clientId: envId, hasSecret: Boolean(this.#deps.env[this.#envKey(provider, 'CLIENT_SECRET')]), origin: 'environment', callbackUrl };
    return { provider, clientId: '', hasSecret: false, origin: 'none', callbackUrl };
  }

  setOAuthApp(provider: OAuthProvider, clientId: string, clientSecret: string | undefined): OAuthAppInfo {
    this.store.saveOAuthApp(provider, clientId, clientSecret);
    return this.#appInfo(provider);
  }

  /** Settings first, then the environment (or what the build baked into it). */
  #app(provider: OAuthProvider): OAuthClientCredentials {
    const stored = this.store.oauthApp(provider);
    const clientId = stored?.clientId ?? this.#deps.env[this.#envKey(provider, 'CLIENT_ID')];
    const clientSecret = stored ? stored.clientSecret : this.#deps.env[this.#envKey(provider, 'CLIENT_SECRET')];
    const name = names[provider];
    const how = phrase('sources.service.registerAppHint', {
      provider: name,
      url: this.#callbackUrl(provider),
      idVariable: this.#envKey(provider, 'CLIENT_ID'),
      secretVariable: this.#envKey(provider, 'CLIENT_SECRET'),
    });
    if (!clientId) throw new AppError('unavailable', phrase('sources.service.noApp', { provider: name }), how);
    if (!clientSecret) throw new AppError('unavailable', phrase('sources.service.noSecret', { provider: name }), how);
    return { clientId, clientSecret };
  }

  #oauthSite(provider: OAuthProvider, baseUrl?: string, caCertPem?: string): SiteEndpoints {
    if (provider === 'github') return { ...githubSite(baseUrl, this.#deps.env), ...(caCertPem && baseUrl ? { caCertPem } : {}) };
    if (baseUrl || caCertPem) {
      throw new AppError(
        'invalid_input',
        phrase('errors.invalidField', { field: 'baseUrl', detail: phrase('sources.service.noSelfHosted', { provider: names[provider] }) }),
        phrase('sources.service.noSelfHostedHint'),
      );
    }
    return provider === 'bitbucket' ? bitbucketSite(this.#deps.env) : giteeSite(this.#deps.env);
  }

  // ---- Binding ----------------------------------------------------------------------------

  async startOAuth(provider: OAuthProvider, baseUrl: string | undefined, caCertPem?: string): Promise<OAuthFlow> {
    const app = this.#app(provider);
    const site = this.#oauthSite(provider, baseUrl, caCertPem);
    const spec = specs[provider];
    // One flow per provider: a fixed callback port cannot serve two, and two tabs would confuse.
    for (const [id, flow] of this.#flows) {
      if (flow.provider !== provider) continue;
      flow.cancel();
      this.#flows.delete(id);
    }
    const flowId = randomUUID();
    const state = createState();
    const pkce = spec.pkce ? createPkce() : undefined;
    const timeoutMs = Number(this.#deps.env.SLIPWAY_OAUTH_TIMEOUT_MS ?? '') || 5 * 60_000;
    let redirectUri = '';
    let bound: CodeSource | undefined;
    const listener = await startLoopback({
      state,
      port: this.#callbackPort(provider),
      timeoutMs,
      ...(this.#deps.language ? { language: this.#deps.language } : {}),
      onCode: async (code) => {
        const tokens = await spec.exchange(site, app, { code, redirectUri, ...(pkce ? { verifier: pkce.verifier } : {}) });
        const facts = await this.#client(site, tokens.accessToken).check();
        bound = this.store.save(site, facts, tokens);
        this.#changed();
        return phrase('sources.outcome.bound', { provider: names[provider], login: bound.login });
      },
    });
    redirectUri = listener.redirectUri;
    this.#flows.set(flowId, { provider, cancel: listener.cancel });
    const authorizeUrl = spec.authorizeUrl(site, { clientId: app.clientId, redirectUri, state, ...(pkce ? { challenge: pkce.challenge } : {}) });
    void listener.outcome.then((outcome) => {
      this.#flows.delete(flowId);
      const base = { flowId, provider };
      if (outcome.kind === 'done') {
        this.#deps.bus.emit('sources:flow', { ...base, outcome: 'bound', ...(bound ? { source: bound } : {}) });
      } else if (outcome.kind === 'failed') {
        this.#deps.bus.emit('sources:flow', { ...base, outcome: 'failed', error: outcome.error.toEnvelope() });
      } else {
        this.#deps.bus.emit('sources:flow', { ...base, outcome: outcome.kind });
      }
    });
    let openedExternally = false;
    if (this.#deps.openExternal) {
      try {
        this.#deps.openExternal(authorizeUrl);
        openedExternally = true;
      } catch {
        // The window shows the link instead.
      }
    }
    return { flowId, provider, authorizeUrl, openedExternally, expiresAt: new Date(Date.now() + timeoutMs).toISOString() };
  }

  cancelFlow(flowId: string): void {
    this.#flows.get(flowId)?.cancel();
    this.#flows.delete(flowId);
  }

  async bindGitlab(input: GitlabBindInput): Promise<CodeSource> {
    const site = gitlabSite(input.url, input.caCertPem || undefined);
    const facts = await new GitLabClient(site, input.token).check();
    if (facts.login.toLowerCase() !== input.username.trim().toLowerCase()) {
      const names = { owner: quote(facts.login), given: quote(input.username) };
      throw new AppError('invalid_input', phrase('errors.invalidField', { field: 'username', detail: phrase('sources.service.otherUser', names) }), phrase('sources.service.otherUserHint', names));
    }
    if (facts.shortcoming) throw new AppError('forbidden', facts.shortcoming.reason, facts.shortcoming.hint);
    const source = this.store.save(site, facts, { accessToken: input.token });
    this.#changed();
    return source;
  }

  /** Forgets a binding; what happened at the provider comes back in English and as a phrase. */
  async unbind(id: string, revokeToken: boolean): Promise<{ revocation: string; revocationPhrase: Phrase }> {
    const record = this.store.record(id);
    const provider = record.site.provider;
    let revocation: Phrase;
    try {
      revocation = await this.#revoke(id, record.site, revokeToken);
    } catch (error) {
      const e = error instanceof AppError ? error : undefined;
      const reason = e ? (e.phrase ?? e.message) : phrase('sources.service.unexpectedError');
      revocation = phrase('sources.revoke.failed', { provider: names[provider], reason });
    }
    this.store.delete(id);
    this.#changed();
    return { revocation: inEnglish(revocation), revocationPhrase: revocation };
  }

  async #revoke(id: string, site: SiteEndpoints, revokeToken: boolean): Promise<Phrase> {
    const provider = site.provider;
    const token = this.store.token(id);
    if (provider === 'gitlab') {
      if (!revokeToken) return phrase('sources.revoke.gitlabKept');
      return new GitLabClient(site, token).revokeSelf();
    }
    const spec = specs[provider];
    if (!spec.revoke) return phrase('sources.revoke.noApi', { provider: names[provider] });
    let app: OAuthClientCredentials;
    try {
      app = this.#app(provider);
    } catch {
      return phrase('sources.revoke.noApp', { provider: names[provider] });
    }
    return spec.revoke(site, app, token);
  }

  // ---- Health, refresh, credentials -------------------------------------------------------

  /** Checks one binding now; a site that answered "no" turns it to Needs attention with the reason. */
  async check(id: string): Promise<CodeSource> {
    try {
      const facts = await this.#withClient(id, (c) => c.check());
      this.store.markChecked(id, facts);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // Cannot reach: the binding itself may be fine; say so to the caller but keep its status.
      if (['unreachable', 'timeout', 'tls'].includes(error.code)) throw error;
      this.store.markAttention(id, error.message, error.hint);
    }
    this.#changed();
    return this.store.get(id);
  }

  startHealthChecks(intervalMs: number): void {
    this.stopHealthChecks();
    this.#health = setInterval(() => void this.checkAll(), intervalMs);
    this.#health.unref();
  }

  stopHealthChecks(): void {
    if (this.#health) clearInterval(this.#health);
    this.#health = undefined;
  }

  async checkAll(): Promise<void> {
    for (const id of this.store.ids()) {
      await this.check(id).catch((error: unknown) => this.#deps.log?.(`code source check skipped: ${error instanceof AppError ? error.code : 'error'}`));
    }
  }

  /** The access token, refreshed first when it is about to expire (Bitbucket, Gitee). */
  async accessToken(id: string, force = false): Promise<string> {
    const record = this.store.record(id);
    const expiry = record.accessExpiresAt ? Date.parse(record.accessExpiresAt) : undefined;
    if (!record.hasRefresh || (!force && (expiry === undefined || expiry - Date.now() > refreshMarginMs))) return this.store.token(id);
    // Two callers at once share one refresh: a refresh token is single-use on both providers.
    let pending = this.#refreshing.get(id);
    if (!pending) {
      pending = this.#refresh(id, record.site).finally(() => this.#refreshing.delete(id));
      this.#refreshing.set(id, pending);
    }
    return pending;
  }

  async #refresh(id: string, site: SiteEndpoints): Promise<string> {
    const provider = site.provider;
    const spec = provider === 'gitlab' ? undefined : specs[provider];
    const refreshToken = this.store.refreshToken(id);
    if (!spec?.refresh || !refreshToken) return this.store.token(id);
    try {
      const tokens = await spec.refresh(site, this.#app(provider as OAuthProvider), refreshToken);
      this.store.updateTokens(id, tokens);
      return tokens.accessToken;
    } catch (error) {
      if (error instanceof AppError && ['unauthorized', 'forbidden', 'unavailable'].includes(error.code)) {
        this.store.markAttention(id, inEnglish(phrase('sources.service.refreshFailed', { provider: names[provider], reason: error.phrase ?? error.message })), error.hint);
        this.#changed();
      }
      throw error;
    }
  }

  async clientFor(id: string): Promise<SourceClient> {
    const record = this.store.record(id);
    return this.#client(record.site, await this.accessToken(id), record.login);
  }

  /** Runs a call with the binding's client; a refused access token is refreshed once and the call retried. */
  async #withClient<T>(id: string, run: (client: SourceClient) => Promise<T>): Promise<T> {
    try {
      return await run(await this.clientFor(id));
    } catch (error) {
      const record = this.store.record(id);
      if (!(error instanceof AppError) || error.code !== 'unauthorized' || !record.hasRefresh) throw error;
      return run(this.#client(record.site, await this.accessToken(id, true), record.login));
    }
  }

  #client(site: SiteEndpoints, token: string, login?: string): SourceClient {
    switch (site.provider) {
      case 'github':
        return new GitHubClient(site, token, login);
      case 'gitlab':
        return new GitLabClient(site, token);
      case 'bitbucket':
        return new BitbucketClient(site, token);
      case 'gitee':
        return new GiteeClient(site, token, login);
    }
  }

  async credentialFor(sourceId: string): Promise<GitCredential | null> {
    return (await this.gitAuthFor(sourceId)).credential;
  }

  /** The login git uses and the CA the binding was made with: a self-managed host's git needs both. */
  async gitAuthFor(sourceId: string): Promise<GitAuth> {
    let record;
    try {
      record = this.store.record(sourceId);
    } catch {
      return anonymousAuth;
    }
    return { credential: { username: gitUsernames[record.site.provider], password: await this.accessToken(sourceId) }, caCertPem: record.site.caCertPem ?? null };
  }

  async owners(id: string): Promise<Owner[]> {
    return this.#withClient(id, (c) => c.owners());
  }

  async repositories(id: string, ownerId: string, search: string, page: number, perPage: number): Promise<Page<SourceRepository>> {
    return this.#withClient(id, (c) => c.repositories(ownerId, search, page, perPage));
  }

  async refs(id: string, fullName: string, kind: 'branch' | 'tag', search: string, page: number, perPage: number): Promise<Page<SourceRef>> {
    return this.#withClient(id, (c) => c.refs(fullName, kind, search, page, perPage));
  }

  /** Adds a GitLab project hook for pushes (automatic builds' receiver); other providers refuse. */
  async addGitlabPushHook(id: string, fullName: string, url: string, secret: string): Promise<void> {
    await this.#withClient(id, (c) => {
      if (!(c instanceof GitLabClient)) throw new AppError('conflict', phrase('sources.service.hooksGitlabOnly'), phrase('sources.service.hooksGitlabOnlyHint'));
      return c.addPushHook(fullName, url, secret);
    });
  }

  close(): void {
    this.stopHealthChecks();
    for (const flow of this.#flows.values()) flow.cancel();
    this.#flows.clear();
  }
}
