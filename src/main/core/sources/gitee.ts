import { AppError, quote } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import type { Owner, Page, SourceRef, SourceRepository } from '../../../shared/models/code-source';
import { answeredWithError, apiRequest, type ApiResponse, type ApiTarget } from './http';
import { expiresIn, pageSlice, type AccountFacts, type OAuthClientCredentials, type OAuthSpec, type SiteEndpoints, type SourceClient, type TokenSet } from './provider';

/**
 * Gitee OAuth apps name one callback URL that the redirect_uri must equal, so the listener uses a
 * fixed port: register http://127.0.0.1:47842/callback (or set SLIPWAY_GITEE_CALLBACK_PORT). Gitee
 * documents no PKCE; `state` ties the callback to the flow. Access tokens last a day and are
 * refreshed silently with the refresh token.
 */
export const giteeDefaultPort = 47842;
export const giteeScopes = ['user_info', 'projects', 'hook', 'groups'] as const;

export function giteeSite(env: { readonly [k: string]: string | undefined }): SiteEndpoints {
  const web = (env.SLIPWAY_GITEE_URL ?? 'https://gitee.com').replace(/\/+$/, '');
  return { provider: 'gitee', baseUrl: web, apiUrl: `${web}/api/v5` };
}

const target: ApiTarget = { label: 'Gitee' };
const rebind = phrase('sources.hint.rebind');

async function tokenCall(site: SiteEndpoints, app: OAuthClientCredentials, form: Record<string, string>, what: Phrase): Promise<TokenSet> {
  // The secret travels in the POST body, never in the query string.
  const res = await apiRequest(target, { method: 'POST', url: new URL(`${site.baseUrl}/oauth/token`), form: { ...form, client_id: app.clientId, client_secret: app.clientSecret } });
  if (res.status !== 200) {
    if (res.status === 400 || res.status === 401) {
      let body: Record<string, unknown> = {};
      try {
        body = res.json<Record<string, unknown>>();
      } catch {
        // Not JSON: the status says enough.
      }
      throw new AppError('unauthorized', phrase('sources.oauth.tokenRefused', { site: 'Gitee', what, detail: quote(body.error_description ?? body.error ?? res.status) }), body.error === 'invalid_client' ? phrase('sources.hint.checkClient') : rebind);
    }
    throw answeredWithError(res, target, what, { unauthorized: rebind });
  }
  const body = res.json<{ access_token: string; refresh_token?: string; expires_in?: number; scope?: string }>();
  return {
    accessToken: body.access_token,
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    ...(expiresIn(body.expires_in) ? { accessExpiresAt: expiresIn(body.expires_in) } : {}),
    scopes: (body.scope ?? '').split(/[ ,]+/).filter(Boolean),
  };
}

export const giteeOAuth: OAuthSpec = {
  callbackPort: giteeDefaultPort,
  pkce: false,
  authorizeUrl(site, { clientId, redirectUri, state }) {
    const url = new URL(`${site.baseUrl}/oauth/authorize`);
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', giteeScopes.join(' '));
    url.searchParams.set('state', state);
    return url.toString();
  },
  exchange: (site, app, { code, redirectUri }) => tokenCall(site, app, { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, phrase('sources.action.signInCode')),
  refresh: (site, app, refreshToken) => tokenCall(site, app, { grant_type: 'refresh_token', refresh_token: refreshToken }, phrase('sources.action.refreshToken')),
};

interface GeRepo {
  full_name: string;
  name: string;
  private: boolean;
  html_url: string;
  default_branch?: string | null;
}

export class GiteeClient implements SourceClient {
  readonly #site: SiteEndpoints;
  readonly #token: string;
  #me: Promise<AccountFacts> | undefined;

  readonly #knownLogin: string | undefined;

  constructor(site: SiteEndpoints, token: string, knownLogin?: string) {
    this.#site = site;
    this.#token = token;
    this.#knownLogin = knownLogin;
  }

  async #login(): Promise<string> {
    return this.#knownLogin ?? (await (this.#me ??= this.check())).login;
  }

  async #get(path: string, query: Record<string, string | number>, what: Phrase): Promise<ApiResponse> {
    const url = new URL(`${this.#site.apiUrl}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    // In a header, not as ?access_token=: the token stays out of URLs and proxies' logs.
    const res = await apiRequest(target, { url, headers: { authorization: `token ${this.#token}` } });
    if (res.status !== 200) throw answeredWithError(res, target, what, { unauthorized: rebind });
    return res;
  }

  async check(): Promise<AccountFacts> {
    const user = (await this.#get('/user', {}, phrase('sources.action.readAccount'))).json<{ id: number; login: string; name?: string }>();
    return { accountId: String(user.id), login: user.login, ...(user.name ? { displayName: user.name } : {}), scopes: [...giteeScopes] };
  }

  async owners(): Promise<Owner[]> {
    const login = await this.#login();
    const owners: Owner[] = [{ id: login, name: login, fullPath: login, kind: 'user' }];
    for (let page = 1; page <= 20; page++) {
      const res = await this.#get('/user/orgs', { page, per_page: 100 }, phrase('sources.action.listOrganizations'));
      const orgs = res.json<{ login: string; name?: string }[]>();
      owners.push(...orgs.map((o): Owner => ({ id: o.login, name: o.name ?? o.login, fullPath: o.login, kind: 'organization' })));
      if (orgs.length < 100) break;
    }
    return owners;
  }

  async repositories(ownerId: string, search: string, page: number, perPage: number): Promise<Page<SourceRepository>> {
    const mine = ownerId.toLowerCase() === (await this.#login()).toLowerCase();
    const query: Record<string, string | number> = { page, per_page: perPage, sort: 'full_name' };
    if (mine) query.type = 'owner';
    if (search && mine) query.q = search;
    const res = await this.#get(mine ? '/user/repos' : `/orgs/${encodeURIComponent(ownerId)}/repos`, query, phrase('sources.action.listRepositories', { owner: ownerId }));
    let repos = res.json<GeRepo[]>();
    if (search && !mine) repos = repos.filter((r) => r.name.toLowerCase().includes(search.toLowerCase()));
    const totalPages = Number(res.header('total_page') ?? '0');
    return {
      items: repos.map(
        (r): SourceRepository => ({
          fullName: r.full_name,
          name: r.name,
          cloneUrl: `${r.html_url.replace(/\/+$/, '')}.git`,
          webUrl: r.html_url,
          ...(r.default_branch ? { defaultBranch: r.default_branch } : {}),
          private: r.private,
        }),
      ),
      page,
      hasMore: totalPages > 0 ? page < totalPages : repos.length === perPage,
    };
  }

  async refs(fullName: string, kind: 'branch' | 'tag', search: string, page: number, perPage: number): Promise<Page<SourceRef>> {
    const [owner = '', repo = ''] = fullName.split('/');
    // Gitee returns every branch or tag in one answer; Slipway filters and pages it.
    const res = await this.#get(`/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/${kind === 'branch' ? 'branches' : 'tags'}`, {}, phrase('sources.action.listRefsOf', { name: fullName }));
    const all = res
      .json<{ name: string; commit: { sha: string } }[]>()
      .filter((r) => !search || r.name.toLowerCase().includes(search.toLowerCase()))
      .map((r) => ({ name: r.name, commit: r.commit.sha }));
    return pageSlice(all, page, perPage);
  }
}
