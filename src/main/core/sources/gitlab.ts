import { AppError, quote } from '../../../shared/errors';
import { phrase, type Phrase, type Text } from '../../../shared/i18n/phrase';
import type { Owner, Page, SourceRef, SourceRepository } from '../../../shared/models/code-source';
import { answeredWithError, apiRequest, type ApiResponse, type ApiTarget } from './http';
import type { AccountFacts, SiteEndpoints, SourceClient } from './provider';

/**
 * GitLab (gitlab.com or self-managed) with a personal access token. Calls go through node's https
 * with the binding's CA rather than @gitbeaker/rest: gitbeaker calls the global fetch, whose only
 * way to trust a private CA is an undici dispatcher, and undici is not one of Slipway's own
 * dependencies. Any port and http or https work because the URL is taken as given.
 */
export function gitlabSite(input: string, caCertPem?: string): SiteEndpoints {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new AppError('invalid_input', urlField(phrase('sources.gitlabErrors.enterAddress')), phrase('sources.gitlabErrors.includeScheme'));
  }
  url.hash = '';
  url.search = '';
  const segments = url.pathname.split('/').filter(Boolean);
  // gitlab.com has no relative root; a self-managed instance may live under one path segment (/gitlab).
  const looksLikeRepository =
    url.pathname.endsWith('.git') || url.pathname.includes('/-/') || segments.length >= 2 || (url.hostname === 'gitlab.com' && segments.length >= 1);
  if (looksLikeRepository) {
    throw new AppError(
      'invalid_input',
      urlField(phrase('sources.gitlabErrors.looksLikeRepository', { address: `${url.origin}${url.pathname}` })),
      phrase('sources.gitlabErrors.instanceOnly', { origin: url.origin }),
    );
  }
  if (url.username || url.password) throw new AppError('invalid_input', urlField(phrase('sources.gitlabErrors.loginInAddress')), phrase('sources.gitlabErrors.loginInAddressHint'));
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return { provider: 'gitlab', baseUrl: base, apiUrl: `${base}/api/v4`, ...(caCertPem ? { caCertPem } : {}) };
}

/** A refusal of the address field, which the bind form shows beside it. */
function urlField(detail: Phrase): Phrase {
  return phrase('errors.invalidField', { field: 'url', detail });
}

function label(site: SiteEndpoints): Text {
  return site.baseUrl === 'https://gitlab.com' ? 'GitLab' : phrase('sources.site.gitlabAt', { host: new URL(site.baseUrl).host });
}

interface TokenSelf {
  id: number;
  name: string;
  revoked: boolean;
  active: boolean;
  scopes: string[];
  expires_at: string | null;
  user_id: number;
}
interface GlUser {
  id: number;
  username: string;
  name?: string;
}
interface GlProject {
  id: number;
  path_with_namespace: string;
  name: string;
  http_url_to_repo: string;
  web_url: string;
  default_branch?: string | null;
  visibility?: string;
}

const badToken = phrase('sources.gitlabErrors.badToken');

export class GitLabClient implements SourceClient {
  readonly #site: SiteEndpoints;
  readonly #token: string;
  readonly #target: ApiTarget;

  constructor(site: SiteEndpoints, token: string) {
    this.#site = site;
    this.#token = token;
    this.#target = { label: label(site), ...(site.caCertPem ? { caCertPem: site.caCertPem } : {}) };
  }

  async #get(path: string, query: Record<string, string | number> = {}, what: Phrase): Promise<ApiResponse> {
    const url = new URL(`${this.#site.apiUrl}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    const res = await apiRequest(this.#target, { url, headers: { 'private-token': this.#token } });
    if (res.status !== 200) throw answeredWithError(res, this.#target, what, { unauthorized: badToken, forbidden: phrase('sources.gitlabErrors.scopeHint') });
    return res;
  }

  /** The token checked for real: active, the api scope, its expiry, and whose it is. */
  async check(): Promise<AccountFacts> {
    const tokenRes = await apiRequest(this.#target, { url: new URL(`${this.#site.apiUrl}/personal_access_tokens/self`), headers: { 'private-token': this.#token } });
    if (tokenRes.status === 404) {
      throw new AppError('not_found', phrase('sources.gitlabErrors.noApi', { site: this.#target.label, url: this.#site.apiUrl }), phrase('sources.gitlabErrors.noApiHint'));
    }
    if (tokenRes.status !== 200) throw answeredWithError(tokenRes, this.#target, phrase('sources.action.checkToken'), { unauthorized: phrase('sources.gitlabErrors.tokenWrong') });
    const token = tokenRes.json<TokenSelf>();
    if (!token.active || token.revoked) throw new AppError('unauthorized', phrase('sources.gitlabErrors.inactive', { name: quote(token.name), state: token.revoked ? 'revoked' : 'inactive' }), badToken);
    const user = (await this.#get('/user', {}, phrase('sources.action.readAccount'))).json<GlUser>();
    const shortcoming = token.scopes.includes('api')
      ? undefined
      : {
          reason: phrase('sources.gitlabErrors.missingApi', { scopes: token.scopes.join(', ') || phrase('sources.gitlabErrors.noScopes') }),
          hint: phrase('sources.gitlabErrors.missingApiHint'),
        };
    return {
      accountId: String(user.id),
      login: user.username,
      ...(user.name ? { displayName: user.name } : {}),
      scopes: token.scopes,
      ...(token.expires_at ? { tokenExpiresAt: new Date(`${token.expires_at.slice(0, 10)}T00:00:00Z`).toISOString() } : {}),
      ...(shortcoming ? { shortcoming } : {}),
    };
  }

  /**
   * Adds a project hook for pushes and tag pushes that sends `secret` as X-Gitlab-Token (used by
   * the automatic builds' receiver). GitLab allows it to tokens with the api scope whose user is a
   * Maintainer of the project.
   */
  async addPushHook(fullName: string, url: string, secret: string): Promise<void> {
    const res = await apiRequest(this.#target, {
      method: 'POST',
      url: new URL(`${this.#site.apiUrl}/projects/${encodeURIComponent(fullName)}/hooks`),
      headers: { 'private-token': this.#token },
      json: { url, push_events: true, tag_push_events: true, token: secret, enable_ssl_verification: url.startsWith('https:') },
    });
    if (res.status !== 201 && res.status !== 200) {
      throw answeredWithError(res, this.#target, phrase('sources.action.addPushHook', { name: fullName }), {
        unauthorized: badToken,
        forbidden: phrase('sources.gitlabErrors.hookForbidden'),
        notFound: phrase('sources.gitlabErrors.hookNotFound', { name: fullName }),
      });
    }
  }

  /** Self-revocation (DELETE /personal_access_tokens/self): only when the user asks for it. */
  async revokeSelf(): Promise<Phrase> {
    const res = await apiRequest(this.#target, { method: 'DELETE', url: new URL(`${this.#site.apiUrl}/personal_access_tokens/self`), headers: { 'private-token': this.#token } });
    if (res.status === 204 || res.status === 200) return phrase('sources.revoke.tokenRevoked', { site: this.#target.label });
    if (res.status === 401) return phrase('sources.revoke.tokenNotAccepted', { site: this.#target.label });
    throw answeredWithError(res, this.#target, phrase('sources.action.revokeToken'), { unauthorized: badToken });
  }

  async owners(): Promise<Owner[]> {
    const me = (await this.#get('/user', {}, phrase('sources.action.readAccount'))).json<GlUser>();
    const owners: Owner[] = [{ id: `user:${me.id}`, name: me.username, fullPath: me.username, kind: 'user' }];
    for (let page = 1; page <= 50; page++) {
      // Every group the account is a member of, subgroups included (each listed with its full path).
      const res = await this.#get('/groups', { min_access_level: 10, per_page: 100, page, order_by: 'path' }, phrase('sources.action.listGroups'));
      owners.push(...res.json<{ id: number; name: string; full_path: string }[]>().map((g): Owner => ({ id: `group:${g.id}`, name: g.name, fullPath: g.full_path, kind: 'group' })));
      if (!res.header('x-next-page')) break;
    }
    return owners;
  }

  async repositories(ownerId: string, search: string, page: number, perPage: number): Promise<Page<SourceRepository>> {
    const [kind, id] = ownerId.split(':');
    if (!id || (kind !== 'user' && kind !== 'group')) {
      throw new AppError('invalid_input', phrase('errors.invalidField', { field: 'ownerId', detail: phrase('sources.gitlabErrors.notOwner') }), phrase('sources.gitlabErrors.notOwnerHint'));
    }
    const path = kind === 'group' ? `/groups/${encodeURIComponent(id)}/projects` : `/users/${encodeURIComponent(id)}/projects`;
    const query: Record<string, string | number> = { per_page: perPage, page, order_by: 'path', sort: 'asc', simple: 'true' };
    if (kind === 'group') query.include_subgroups = 'true';
    if (search) query.search = search;
    const res = await this.#get(path, query, phrase('sources.action.listProjects'));
    const items = res.json<GlProject[]>().map(
      (p): SourceRepository => ({
        fullName: p.path_with_namespace,
        name: p.name,
        cloneUrl: p.http_url_to_repo,
        webUrl: p.web_url,
        ...(p.default_branch ? { defaultBranch: p.default_branch } : {}),
        private: p.visibility !== 'public',
      }),
    );
    return { items, page, hasMore: Boolean(res.header('x-next-page')) };
  }

  async refs(fullName: string, kind: 'branch' | 'tag', search: string, page: number, perPage: number): Promise<Page<SourceRef>> {
    const project = encodeURIComponent(fullName);
    const query: Record<string, string | number> = { per_page: perPage, page };
    if (search) query.search = search;
    const res = await this.#get(`/projects/${project}/repository/${kind === 'branch' ? 'branches' : 'tags'}`, query, phrase('sources.action.listRefs', { kind, name: fullName }));
    const items = res.json<{ name: string; commit: { id: string } }[]>().map((r) => ({ name: r.name, commit: r.commit.id }));
    return { items, page, hasMore: Boolean(res.header('x-next-page')) };
  }
}
