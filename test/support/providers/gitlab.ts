import { fakeSha, paginate, startEmulator, type Ctx, type Emulator, type Route, type TlsFiles } from './common';

export interface GitLabToken {
  readonly token: string;
  readonly name?: string;
  readonly scopes: string[];
  readonly expiresAt?: string | null;
  revoked?: boolean;
}

export interface GitLabEmulator extends Emulator {
  readonly tokens: GitLabToken[];
  readonly hooks: { project: string; url: string }[];
}

interface Group {
  id: number;
  name: string;
  path: string;
  full_path: string;
  parent_id: number | null;
}

/**
 * A GitLab instance (API v4) as Slipway uses it: personal_access_tokens/self (GET, DELETE), user,
 * groups with subgroups, group and user projects (include_subgroups, search, x-next-page paging),
 * branches, tags and project hooks. Optionally over HTTPS with a test certificate.
 */
export async function startGitLabEmulator(options: { username?: string; tokens: GitLabToken[]; tls?: TlsFiles }): Promise<GitLabEmulator> {
  const username = options.username ?? 'alice';
  const userId = 42;
  const hooks: { project: string; url: string }[] = [];
  const groups: Group[] = [
    { id: 10, name: 'Platform', path: 'platform', full_path: 'platform', parent_id: null },
    { id: 11, name: 'Backend', path: 'backend', full_path: 'platform/backend', parent_id: 10 },
  ];
  const projects = [
    ...Array.from({ length: 25 }, (_, i) => `${username}/tool-${String(i + 1).padStart(2, '0')}`),
    'platform/website',
    'platform/backend/billing',
    'platform/backend/search',
  ];
  const branches = ['main', 'develop', 'release/1.x'];
  const tags = ['v0.1.0', 'v0.2.0'];
  let base = '';

  const authed = (ctx: Ctx): GitLabToken | undefined => {
    const t = ctx.req.headers['private-token'];
    const found = options.tokens.find((x) => x.token === t);
    const expired = found?.expiresAt ? Date.parse(found.expiresAt) < Date.now() : false;
    if (!found || found.revoked || expired) {
      ctx.json(401, { message: '401 Unauthorized' });
      return undefined;
    }
    return found;
  };
  const needsApi = (ctx: Ctx, t: GitLabToken): boolean => {
    if (t.scopes.includes('api') || t.scopes.includes('read_api')) return true;
    ctx.json(403, { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: 'api read_api' });
    return false;
  };
  const page = (ctx: Ctx, all: readonly unknown[]) => {
    const p = paginate(all, ctx.url, 'per_page', 'page', 20);
    ctx.json(200, p.items, { 'x-page': String(p.page), 'x-per-page': String(p.items.length), 'x-next-page': p.hasNext ? String(p.page + 1) : '', 'x-total': String(all.length) });
  };
  const project = (full: string) => {
    const name = full.split('/').pop() ?? full;
    return {
      id: Number.parseInt(fakeSha(full).slice(0, 6), 16),
      name,
      path: name,
      path_with_namespace: full,
      name_with_namespace: full.split('/').join(' / '),
      default_branch: 'main',
      visibility: full.endsWith('website') ? 'public' : 'private',
      http_url_to_repo: `${base}/${full}.git`,
      ssh_url_to_repo: `git@127.0.0.1:${full}.git`,
      web_url: `${base}/${full}`,
    };
  };
  const refList = (ctx: Ctx, names: string[]) => {
    const full = ctx.params[0] ?? '';
    if (!projects.includes(full)) return ctx.json(404, { message: '404 Project Not Found' });
    const search = ctx.url.searchParams.get('search') ?? '';
    page(
      ctx,
      names.filter((n) => n.includes(search)).map((name) => ({ name, commit: { id: fakeSha(`${full}@${name}`), short_id: fakeSha(`${full}@${name}`).slice(0, 8) }, protected: name === 'main' })),
    );
  };

  const routes: Route[] = [
    [
      'GET',
      /^\/api\/v4\/personal_access_tokens\/self$/,
      (ctx) => {
        const t = authed(ctx);
        if (!t) return;
        ctx.json(200, { id: 7, name: t.name ?? 'slipway', revoked: false, created_at: '2026-01-01T00:00:00.000Z', scopes: t.scopes, user_id: userId, last_used_at: null, active: true, expires_at: t.expiresAt ?? null });
      },
    ],
    [
      'DELETE',
      /^\/api\/v4\/personal_access_tokens\/self$/,
      (ctx) => {
        const t = authed(ctx);
        if (!t) return;
        t.revoked = true;
        ctx.empty(204);
      },
    ],
    [
      'GET',
      /^\/api\/v4\/user$/,
      (ctx) => {
        const t = authed(ctx);
        if (!t) return;
        ctx.json(200, { id: userId, username, name: 'Alice Example', state: 'active', web_url: `${base}/${username}` });
      },
    ],
    [
      'GET',
      /^\/api\/v4\/groups$/,
      (ctx) => {
        const t = authed(ctx);
        if (!t || !needsApi(ctx, t)) return;
        page(ctx, groups);
      },
    ],
    [
      'GET',
      /^\/api\/v4\/groups\/(\d+)\/projects$/,
      (ctx) => {
        const t = authed(ctx);
        if (!t || !needsApi(ctx, t)) return;
        const group = groups.find((g) => String(g.id) === ctx.params[0]);
        if (!group) return ctx.json(404, { message: '404 Group Not Found' });
        const sub = ctx.url.searchParams.get('include_subgroups') === 'true';
        const search = ctx.url.searchParams.get('search') ?? '';
        const mine = projects.filter((p) => {
          const ns = p.split('/').slice(0, -1).join('/');
          return (ns === group.full_path || (sub && ns.startsWith(`${group.full_path}/`))) && p.split('/').pop()?.includes(search);
        });
        page(ctx, mine.map(project));
      },
    ],
    [
      'GET',
      /^\/api\/v4\/users\/(\d+)\/projects$/,
      (ctx) => {
        const t = authed(ctx);
        if (!t || !needsApi(ctx, t)) return;
        const search = ctx.url.searchParams.get('search') ?? '';
        page(ctx, projects.filter((p) => p.startsWith(`${username}/`) && p.includes(search)).map(project));
      },
    ],
    [
      'GET',
      /^\/api\/v4\/projects\/(.+)\/repository\/branches$/,
      (ctx) => {
        const t = authed(ctx);
        if (!t || !needsApi(ctx, t)) return;
        refList(ctx, branches);
      },
    ],
    [
      'GET',
      /^\/api\/v4\/projects\/(.+)\/repository\/tags$/,
      (ctx) => {
        const t = authed(ctx);
        if (!t || !needsApi(ctx, t)) return;
        refList(ctx, tags);
      },
    ],
    [
      'POST',
      /^\/api\/v4\/projects\/(.+)\/hooks$/,
      (ctx) => {
        const t = authed(ctx);
        if (!t) return;
        if (!t.scopes.includes('api')) return ctx.json(403, { error: 'insufficient_scope' });
        const body = ctx.fields();
        hooks.push({ project: ctx.params[0] ?? '', url: body.url ?? '' });
        ctx.json(201, { id: hooks.length, url: body.url, push_events: true, tag_push_events: true, enable_ssl_verification: true });
      },
    ],
  ];
  const emulator = await startEmulator(routes, options.tls);
  base = emulator.url;
  return { ...emulator, tokens: options.tokens, hooks };
}
