import { AppError, quote } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import type { Owner, Page, SourceRef, SourceRepository } from '../../../shared/models/code-source';
import { answeredWithError, apiRequest, type ApiResponse, type ApiTarget } from './http';
import { expiresIn, type AccountFacts, type OAuthClientCredentials, type OAuthSpec, type SiteEndpoints, type SourceClient, type TokenSet } from './provider';

/**
 * A Bitbucket Cloud OAuth consumer has exactly one callback URL, so the loopback listener uses one
 * fixed port: register http://127.0.0.1:47841/callback (or set SLIPWAY_BITBUCKET_CALLBACK_PORT to the
 * port you registered). Bitbucket documents no PKCE, so `state` alone ties the callback to the flow.
 */
export const bitbucketDefaultPort = 47841;

export function bitbucketSite(env: { readonly [k: string]: string | undefined }): SiteEndpoints {
  const web = (env.SLIPWAY_BITBUCKET_URL ?? 'https://bitbucket.org').replace(/\/+$/, '');
  // bitbucket.org also serves the 2.0 API at /!api/2.0; api.bitbucket.org is the documented host.
  const api = env.SLIPWAY_BITBUCKET_API_URL ?? (web === 'https://bitbucket.org' ? 'https://api.bitbucket.org/2.0' : `${web}/!api/2.0`);
  return { provider: 'bitbucket', baseUrl: web, apiUrl: api.replace(/\/+$/, '') };
}

const target: ApiTarget = { label: 'Bitbucket' };
const rebind = phrase('sources.hint.rebind');

async function tokenCall(site: SiteEndpoints, app: OAuthClientCredentials, form: Record<string, string>, what: Phrase): Promise<TokenSet> {
  const res = await apiRequest(target, {
    method: 'POST',
    url: new URL(`${site.baseUrl}/site/oauth2/access_token`),
    headers: { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}` },
    form,
  });
  if (res.status !== 200) {
    if (res.status === 400 || res.status === 401) {
      const body = safeJson(res);
      throw new AppError('unauthorized', phrase('sources.oauth.tokenRefused', { site: 'Bitbucket', what, detail: quote(body.error_description ?? body.error ?? res.status) }), body.error === 'invalid_client' ? phrase('sources.bitbucket.checkConsumer') : rebind);
    }
    throw answeredWithError(res, target, what, { unauthorized: rebind });
  }
  const body = res.json<{ access_token: string; refresh_token?: string; expires_in?: number; scopes?: string }>();
  return {
    accessToken: body.access_token,
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    ...(expiresIn(body.expires_in) ? { accessExpiresAt: expiresIn(body.expires_in) } : {}),
    scopes: (body.scopes ?? '').split(/[ ,]+/).filter(Boolean),
  };
}

export const bitbucketOAuth: OAuthSpec = {
  callbackPort: bitbucketDefaultPort,
  pkce: false,
  authorizeUrl(site, { clientId, state }) {
    const url = new URL(`${site.baseUrl}/site/oauth2/authorize`);
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', state);
    return url.toString();
  },
  exchange: (site, app, { code }) => tokenCall(site, app, { grant_type: 'authorization_code', code }, phrase('sources.action.signInCode')),
  refresh: (site, app, refreshToken) => tokenCall(site, app, { grant_type: 'refresh_token', refresh_token: refreshToken }, phrase('sources.action.refreshToken')),
};

interface BbRepo {
  full_name: string;
  name: string;
  is_private: boolean;
  mainbranch?: { name: string } | null;
  links: { clone?: { name: string; href: string }[]; html?: { href: string } };
}

export class BitbucketClient implements SourceClient {
  readonly #site: SiteEndpoints;
  readonly #token: string;

  constructor(site: SiteEndpoints, token: string) {
    this.#site = site;
    this.#token = token;
  }

  async #get(path: string, query: Record<string, string | number>, what: Phrase): Promise<ApiResponse> {
    const url = new URL(`${this.#site.apiUrl}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    const res = await apiRequest(target, { url, headers: { authorization: `Bearer ${this.#token}` } });
    if (res.status !== 200) throw answeredWithError(res, target, what, { unauthorized: rebind, forbidden: phrase('sources.bitbucket.permissionHint') });
    return res;
  }

  async check(): Promise<AccountFacts> {
    const res = await this.#get('/user', {}, phrase('sources.action.readAccount'));
    const user = res.json<{ uuid: string; username?: string; nickname?: string; display_name?: string }>();
    const scopes = (res.header('x-oauth-scopes') ?? '').split(/[ ,]+/).filter(Boolean);
    const missing = ['repository', 'webhook', 'account'].filter((s) => scopes.length > 0 && !scopes.some((have) => have === s || have.startsWith(`${s}:`)));
    return {
      accountId: user.uuid,
      login: user.username ?? user.nickname ?? user.uuid,
      ...(user.display_name ? { displayName: user.display_name } : {}),
      scopes,
      ...(missing.length > 0
        ? { shortcoming: { reason: phrase('sources.bitbucket.missingScopes', { scopes: missing.join(', ') }), hint: phrase('sources.bitbucket.missingScopesHint') } }
        : {}),
    };
  }

  async owners(): Promise<Owner[]> {
    const owners: Owner[] = [];
    for (let page = 1; page <= 20; page++) {
      const res = await this.#get('/user/permissions/workspaces', { pagelen: 100, page }, phrase('sources.action.listWorkspaces'));
      const body = res.json<{ values: { workspace: { slug: string; name: string } }[]; next?: string }>();
      owners.push(...body.values.map((v): Owner => ({ id: v.workspace.slug, name: v.workspace.name, fullPath: v.workspace.slug, kind: 'workspace' })));
      if (!body.next) break;
    }
    return owners;
  }

  async repositories(ownerId: string, search: string, page: number, perPage: number): Promise<Page<SourceRepository>> {
    const query: Record<string, string | number> = { pagelen: perPage, page, sort: 'full_name' };
    if (search) query.q = `name ~ "${search.replace(/["\\]/g, '')}"`;
    const res = await this.#get(`/repositories/${encodeURIComponent(ownerId)}`, query, phrase('sources.action.listRepositories', { owner: ownerId }));
    const body = res.json<{ values: BbRepo[]; next?: string }>();
    return {
      items: body.values.map(
        (r): SourceRepository => ({
          fullName: r.full_name,
          name: r.name,
          cloneUrl: r.links.clone?.find((c) => c.name === 'https')?.href.replace(/^https:\/\/[^@/]+@/, 'https://') ?? `${this.#site.baseUrl}/${r.full_name}.git`,
          ...(r.links.html ? { webUrl: r.links.html.href } : {}),
          ...(r.mainbranch ? { defaultBranch: r.mainbranch.name } : {}),
          private: r.is_private,
        }),
      ),
      page,
      hasMore: Boolean(body.next),
    };
  }

  async refs(fullName: string, kind: 'branch' | 'tag', search: string, page: number, perPage: number): Promise<Page<SourceRef>> {
    const query: Record<string, string | number> = { pagelen: perPage, page, sort: 'name' };
    if (search) query.q = `name ~ "${search.replace(/["\\]/g, '')}"`;
    const [ws = '', slug = ''] = fullName.split('/');
    const res = await this.#get(`/repositories/${encodeURIComponent(ws)}/${encodeURIComponent(slug)}/refs/${kind === 'branch' ? 'branches' : 'tags'}`, query, phrase('sources.action.listRefsOf', { name: fullName }));
    const body = res.json<{ values: { name: string; target: { hash: string } }[]; next?: string }>();
    return { items: body.values.map((r) => ({ name: r.name, commit: r.target.hash })), page, hasMore: Boolean(body.next) };
  }
}

function safeJson(res: ApiResponse): Record<string, unknown> {
  try {
    return JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
