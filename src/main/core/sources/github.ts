import { Octokit } from '@octokit/core';
import { OAuthApp } from '@octokit/oauth-app';
import { AppError } from '../../../shared/errors';
import { phrase, type Phrase, type Text } from '../../../shared/i18n/phrase';
import type { Owner, Page, SourceRef, SourceRepository } from '../../../shared/models/code-source';
import { fetchVia, siteDetail, type ApiTarget } from './http';
import { targetOf, type AccountFacts, type OAuthClientCredentials, type OAuthSpec, type SiteEndpoints, type SourceClient, type TokenSet } from './provider';

/** repo: list and clone private repositories; admin:repo_hook: set push hooks; read:org: see organizations. */
export const githubScopes = ['repo', 'admin:repo_hook', 'read:org'] as const;

/** github.com, or a GitHub Enterprise Server at its base URL (API under /api/v3). */
export function githubSite(baseUrl: string | undefined, env: { readonly [k: string]: string | undefined }): SiteEndpoints {
  const web = trimSlash(baseUrl ?? env.SLIPWAY_GITHUB_URL ?? 'https://github.com');
  const api = web === 'https://github.com' ? 'https://api.github.com' : trimSlash(env.SLIPWAY_GITHUB_API_URL && !baseUrl ? env.SLIPWAY_GITHUB_API_URL : `${web}/api/v3`);
  return { provider: 'github', baseUrl: web, apiUrl: api };
}

function label(site: SiteEndpoints): Text {
  return site.baseUrl === 'https://github.com' ? 'GitHub' : phrase('sources.site.githubEnterprise', { host: new URL(site.baseUrl).host });
}

/** Octokit whose requests go through Slipway's transport: the same error classification and CA. */
function octokitFor(target: ApiTarget) {
  return Octokit.defaults({ request: { fetch: fetchVia(target) }, userAgent: 'Slipway' });
}

/** OAuthApp builds its Octokit without its baseUrl option, so the API root goes into the class. */
function oauthApp(site: SiteEndpoints, app: OAuthClientCredentials): OAuthApp {
  const Kit = octokitFor(targetOf(site, label(site))).defaults({ baseUrl: site.apiUrl });
  return new OAuthApp({ clientType: 'oauth-app', clientId: app.clientId, clientSecret: app.clientSecret, baseUrl: site.apiUrl, Octokit: Kit });
}

interface RequestErrorLike {
  readonly status?: number;
  readonly cause?: unknown;
  readonly response?: { readonly data?: unknown };
}

/** Octokit's RequestError back into Slipway's vocabulary. */
function explain(error: unknown, site: SiteEndpoints, what: Phrase): AppError {
  if (error instanceof AppError) return error;
  const e = error as RequestErrorLike;
  if (e.cause instanceof AppError) return e.cause;
  const data = e.response?.data as { message?: string } | undefined;
  const params = { site: label(site), what, suffix: siteDetail(data?.message?.slice(0, 200) ?? '') };
  switch (e.status) {
    case 401:
      return new AppError('unauthorized', phrase('sources.http.unauthorized', params), phrase('sources.hint.rebind'));
    case 403:
      return new AppError('forbidden', phrase('sources.http.forbidden', params), phrase('sources.github.forbiddenHint'));
    case 404:
      return new AppError('not_found', phrase('sources.github.notFound', params), phrase('sources.github.notFoundHint'));
    default:
      return new AppError('remote_error', phrase('sources.http.status', { ...params, status: String(e.status ?? '?') }), phrase('sources.github.statusHint'));
  }
}

export const githubOAuth: OAuthSpec = {
  // GitHub ignores the port of a loopback redirect URI, as RFC 8252 §7.3 asks.
  callbackPort: 0,
  pkce: true,
  authorizeUrl(site, { clientId, redirectUri, state, challenge }) {
    // The URL needs no secret; OAuthApp insists on one, so a placeholder stands in.
    const { url } = oauthApp(site, { clientId, clientSecret: 'not-needed-for-the-url' }).getWebFlowAuthorizationUrl({ state, redirectUrl: redirectUri, scopes: [...githubScopes] });
    const withPkce = new URL(url);
    if (challenge) {
      withPkce.searchParams.set('code_challenge', challenge);
      withPkce.searchParams.set('code_challenge_method', 'S256');
    }
    return withPkce.toString();
  },
  async exchange(site, app, { code, redirectUri, verifier }): Promise<TokenSet> {
    // @octokit/oauth-methods' exchangeWebFlowCode sends no code_verifier, so the same route is called
    // through Octokit with it; GitHub requires it once the authorize URL carried a challenge.
    const octokit = new (octokitFor(targetOf(site, label(site))))({ baseUrl: site.baseUrl });
    let data: { access_token?: string; scope?: string; error?: string; error_description?: string };
    try {
      const res = await octokit.request('POST /login/oauth/access_token', {
        headers: { accept: 'application/json' },
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code,
        redirect_uri: redirectUri,
        ...(verifier ? { code_verifier: verifier } : {}),
      });
      data = res.data as typeof data;
    } catch (error) {
      throw explain(error, site, phrase('sources.action.exchangeCode'));
    }
    if (data.error || !data.access_token) {
      const wrongSecret = data.error === 'incorrect_client_credentials';
      throw new AppError(
        wrongSecret ? 'unauthorized' : 'remote_error',
        phrase('sources.github.codeRefused', { site: label(site), detail: data.error_description ?? data.error ?? phrase('sources.github.noToken') }),
        wrongSecret ? phrase('sources.hint.checkClient') : phrase('sources.github.codeHint'),
      );
    }
    return { accessToken: data.access_token, scopes: (data.scope ?? '').split(/[ ,]+/).filter(Boolean) };
  },
  async revoke(site, app, token) {
    try {
      await oauthApp(site, app).deleteAuthorization({ token });
      return phrase('sources.revoke.authorizationRevoked', { site: label(site) });
    } catch (error) {
      const e = explain(error, site, phrase('sources.action.revokeAuthorization'));
      if (e.code === 'not_found' || e.code === 'unauthorized') return phrase('sources.revoke.alreadyForgotten', { site: label(site) });
      throw e;
    }
  },
};

interface GhUser {
  id: number;
  login: string;
  name?: string | null;
}
interface GhRepo {
  full_name: string;
  name: string;
  clone_url?: string;
  html_url: string;
  default_branch?: string;
  private: boolean;
}

export class GitHubClient implements SourceClient {
  readonly #site: SiteEndpoints;
  readonly #octokit: Octokit;
  #me: Promise<AccountFacts> | undefined;

  readonly #knownLogin: string | undefined;

  /** `knownLogin` (the bound account's) saves asking /user before every listing. */
  constructor(site: SiteEndpoints, token: string, knownLogin?: string) {
    this.#site = site;
    this.#knownLogin = knownLogin;
    this.#octokit = new (octokitFor(targetOf(site, label(site))))({ auth: token, baseUrl: site.apiUrl });
  }

  async check(): Promise<AccountFacts> {
    const res = await this.#octokit.request('GET /user').catch((error: unknown) => {
      throw explain(error, this.#site, phrase('sources.action.readAccount'));
    });
    const user = res.data as GhUser;
    const scopes = String(res.headers['x-oauth-scopes'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const missing = githubScopes.filter((s) => !scopes.includes(s) && !(s === 'admin:repo_hook' && scopes.includes('write:repo_hook')) && !(s === 'read:org' && scopes.includes('admin:org')));
    return {
      accountId: String(user.id),
      login: user.login,
      ...(user.name ? { displayName: user.name } : {}),
      scopes,
      ...(missing.length > 0
        ? { shortcoming: { reason: phrase('sources.github.missingScopes', { scopes: missing.join(', ') }), hint: phrase('sources.github.missingScopesHint') } }
        : {}),
    };
  }

  async #login(): Promise<string> {
    return this.#knownLogin ?? (await (this.#me ??= this.check())).login;
  }

  async owners(): Promise<Owner[]> {
    const login = await this.#login();
    const owners: Owner[] = [{ id: login, name: login, fullPath: login, kind: 'user' }];
    for (let page = 1; page <= 20; page++) {
      const res = await this.#octokit.request('GET /user/orgs', { per_page: 100, page }).catch((error: unknown) => {
        throw explain(error, this.#site, phrase('sources.action.listOrganizations'));
      });
      const orgs = res.data as { login: string }[];
      owners.push(...orgs.map((o): Owner => ({ id: o.login, name: o.login, fullPath: o.login, kind: 'organization' })));
      if (!/rel="next"/.test(String(res.headers.link ?? ''))) break;
    }
    return owners;
  }

  async repositories(ownerId: string, search: string, page: number, perPage: number): Promise<Page<SourceRepository>> {
    const me = await this.#login();
    try {
      if (search) {
        // The search API pages too and takes user:/org: qualifiers; the login decides which one.
        const qualifier = ownerId.toLowerCase() === me.toLowerCase() ? `user:${ownerId}` : `org:${ownerId}`;
        const res = await this.#octokit.request('GET /search/repositories', { q: `${search} in:name ${qualifier}`, per_page: perPage, page });
        const data = res.data as { items: GhRepo[]; total_count: number };
        return { items: data.items.map((r) => this.#repo(r)), page, hasMore: page * perPage < data.total_count };
      }
      const res =
        ownerId.toLowerCase() === me.toLowerCase()
          ? await this.#octokit.request('GET /user/repos', { affiliation: 'owner', sort: 'full_name', per_page: perPage, page })
          : await this.#octokit.request('GET /orgs/{org}/repos', { org: ownerId, sort: 'full_name', per_page: perPage, page });
      return { items: (res.data as GhRepo[]).map((r) => this.#repo(r)), page, hasMore: /rel="next"/.test(String(res.headers.link ?? '')) };
    } catch (error) {
      throw explain(error, this.#site, phrase('sources.action.listRepositories', { owner: ownerId }));
    }
  }

  async refs(fullName: string, kind: 'branch' | 'tag', search: string, page: number, perPage: number): Promise<Page<SourceRef>> {
    const [owner = '', repo = ''] = fullName.split('/');
    try {
      if (search) {
        // No server-side search for refs: match-refs finds names by prefix, one page of it.
        const res = await this.#octokit.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', { owner, repo, ref: `${kind === 'branch' ? 'heads' : 'tags'}/${search}` });
        const all = (res.data as { ref: string; object: { sha: string } }[]).map((r) => ({ name: r.ref.replace(/^refs\/(heads|tags)\//, ''), commit: r.object.sha }));
        const start = (page - 1) * perPage;
        return { items: all.slice(start, start + perPage), page, hasMore: all.length > start + perPage };
      }
      const res =
        kind === 'branch'
          ? await this.#octokit.request('GET /repos/{owner}/{repo}/branches', { owner, repo, per_page: perPage, page })
          : await this.#octokit.request('GET /repos/{owner}/{repo}/tags', { owner, repo, per_page: perPage, page });
      const items = (res.data as { name: string; commit: { sha: string } }[]).map((r) => ({ name: r.name, commit: r.commit.sha }));
      return { items, page, hasMore: /rel="next"/.test(String(res.headers.link ?? '')) };
    } catch (error) {
      throw explain(error, this.#site, phrase('sources.action.listRefs', { kind, name: fullName }));
    }
  }

  #repo(r: GhRepo): SourceRepository {
    return {
      fullName: r.full_name,
      name: r.name,
      cloneUrl: r.clone_url ?? `${this.#site.baseUrl}/${r.full_name}.git`,
      webUrl: r.html_url,
      ...(r.default_branch ? { defaultBranch: r.default_branch } : {}),
      private: r.private,
    };
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export type { ApiTarget };
