import type { Owner, Page, SourceProvider, SourceRef, SourceRepository } from '../../../shared/models/code-source';
import type { Phrase, Text } from '../../../shared/i18n/phrase';
import type { ApiTarget } from './http';

/** Where one account's site and API live. */
export interface SiteEndpoints {
  readonly provider: SourceProvider;
  /** Web address: authorize pages, clone URLs. */
  readonly baseUrl: string;
  /** REST API root, without a trailing slash. */
  readonly apiUrl: string;
  readonly caCertPem?: string;
}

/** What a token proves about its account when checked. */
export interface AccountFacts {
  readonly accountId: string;
  readonly login: string;
  readonly displayName?: string;
  readonly scopes: readonly string[];
  readonly tokenExpiresAt?: string;
  /** Set when the token works but cannot do everything Slipway needs (a scope is missing). */
  readonly shortcoming?: { readonly reason: Phrase; readonly hint: Phrase };
}

/** A token-holding client for one bound account. */
export interface SourceClient {
  check(): Promise<AccountFacts>;
  owners(): Promise<Owner[]>;
  repositories(ownerId: string, search: string, page: number, perPage: number): Promise<Page<SourceRepository>>;
  refs(fullName: string, kind: 'branch' | 'tag', search: string, page: number, perPage: number): Promise<Page<SourceRef>>;
}

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** When the access token expires (Bitbucket two hours, Gitee one day); refreshed before then. */
  readonly accessExpiresAt?: string;
  readonly scopes?: readonly string[];
}

export interface OAuthClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The OAuth half of a provider: authorize URL, code exchange, refresh, revocation. */
export interface OAuthSpec {
  /** 0: any loopback port is accepted by the provider; otherwise the one fixed port its single callback URL names. */
  readonly callbackPort: number;
  readonly pkce: boolean;
  authorizeUrl(site: SiteEndpoints, params: { clientId: string; redirectUri: string; state: string; challenge?: string }): string;
  exchange(site: SiteEndpoints, app: OAuthClientCredentials, params: { code: string; redirectUri: string; verifier?: string }): Promise<TokenSet>;
  refresh?(site: SiteEndpoints, app: OAuthClientCredentials, refreshToken: string): Promise<TokenSet>;
  /** Revokes the grant at the provider; returns what happened, in words. */
  revoke?(site: SiteEndpoints, app: OAuthClientCredentials, token: string): Promise<Phrase>;
}

export function targetOf(site: SiteEndpoints, label: Text): ApiTarget {
  return { label, ...(site.caCertPem ? { caCertPem: site.caCertPem } : {}) };
}

export function expiresIn(seconds: unknown, now = Date.now()): string | undefined {
  return typeof seconds === 'number' && seconds > 0 ? new Date(now + seconds * 1000).toISOString() : undefined;
}

/** Filters and pages a list the API cannot search itself (Bitbucket refs without q, owners). */
export function pageSlice<T>(all: readonly T[], page: number, perPage: number): Page<T> {
  const start = (page - 1) * perPage;
  return { items: all.slice(start, start + perPage), page, hasMore: all.length > start + perPage };
}
