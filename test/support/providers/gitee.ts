import { bearer, consentPage, fakeSha, isLoopbackCallback, linkHeader, paginate, startEmulator, token, type Ctx, type Emulator, type Route } from './common';

export interface GiteeEmulator extends Emulator {
  readonly hooks: { repo: string; url: string }[];
  readonly accessTokens: Map<string, number>;
  expireAll(): void;
}

/**
 * gitee.com for Slipway: OAuth authorize and /oauth/token (authorization_code and refresh_token, the
 * redirect_uri compared with the registered one), and API v5: user, orgs, user and org repos
 * (total_page header), branches and tags.
 */
export async function startGiteeEmulator(options: { clientId: string; clientSecret: string; callbackUrl: string }): Promise<GiteeEmulator> {
  const codes = new Map<string, boolean>();
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const hooks: { repo: string; url: string }[] = [];
  let base = '';
  const repos = [...Array.from({ length: 8 }, (_, i) => `geeuser/app-${i + 1}`), 'open-org/lib'];

  const issue = (ctx: Ctx) => {
    const access = token('gitee-at-');
    const refresh = token('gitee-rt-');
    accessTokens.set(access, Date.now() + 86_400_000);
    refreshTokens.add(refresh);
    ctx.json(200, { access_token: access, token_type: 'bearer', expires_in: 86400, refresh_token: refresh, scope: 'user_info projects hook groups', created_at: Math.floor(Date.now() / 1000) });
  };
  const authed = (ctx: Ctx): boolean => {
    const t = bearer(ctx.req);
    const until = t ? accessTokens.get(t) : undefined;
    if (until === undefined || until < Date.now()) {
      ctx.json(401, { message: '401 Unauthorized: Access token is expired' });
      return false;
    }
    return true;
  };
  const repoJson = (full: string) => ({ id: Number.parseInt(fakeSha(full).slice(0, 6), 16), full_name: full, name: full.split('/')[1], path: full.split('/')[1], private: !full.startsWith('open-org'), html_url: `${base}/${full}`, default_branch: 'master' });
  const listRepos = (ctx: Ctx, all: string[]) => {
    const p = paginate(all, ctx.url, 'per_page', 'page', 20);
    ctx.json(200, p.items.map(repoJson), { total_count: String(all.length), total_page: String(p.lastPage), ...linkHeader(base, ctx.url, p.page, p.hasNext, p.lastPage) });
  };

  const routes: Route[] = [
    [
      'GET',
      /^\/oauth\/authorize$/,
      (ctx) => {
        const q = ctx.url.searchParams;
        if (q.get('client_id') !== options.clientId) return ctx.html(400, '<h1>invalid client</h1>');
        if (q.get('redirect_uri') !== options.callbackUrl || !isLoopbackCallback(options.callbackUrl)) return ctx.html(400, '<h1>redirect_uri mismatch</h1>');
        ctx.html(200, consentPage('Authorize Slipway on Gitee', '/oauth/authorize', { state: q.get('state') ?? '', redirect_uri: q.get('redirect_uri') ?? '' }));
      },
    ],
    [
      'POST',
      /^\/oauth\/authorize$/,
      (ctx) => {
        const f = ctx.fields();
        const back = new URL(f.redirect_uri ?? '');
        if (f.state) back.searchParams.set('state', f.state);
        if (f.decision !== 'allow') back.searchParams.set('error', 'access_denied');
        else {
          const code = token('geecode');
          codes.set(code, false);
          back.searchParams.set('code', code);
        }
        ctx.redirect(back.toString());
      },
    ],
    [
      'POST',
      /^\/oauth\/token$/,
      (ctx) => {
        const f = { ...Object.fromEntries(ctx.url.searchParams), ...ctx.fields() };
        if (f.client_id !== options.clientId || f.client_secret !== options.clientSecret) return ctx.json(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
        if (f.grant_type === 'authorization_code') {
          if (codes.get(f.code ?? '') !== false || f.redirect_uri !== options.callbackUrl) return ctx.json(400, { error: 'invalid_grant', error_description: 'The code or redirect_uri is invalid.' });
          codes.set(f.code ?? '', true);
          return issue(ctx);
        }
        if (f.grant_type === 'refresh_token') {
          if (!refreshTokens.delete(f.refresh_token ?? '')) return ctx.json(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
          return issue(ctx);
        }
        ctx.json(400, { error: 'unsupported_grant_type' });
      },
    ],
    [
      'GET',
      /^\/api\/v5\/user$/,
      (ctx) => {
        if (!authed(ctx)) return;
        ctx.json(200, { id: 77, login: 'geeuser', name: 'Gee User', html_url: `${base}/geeuser` });
      },
    ],
    [
      'GET',
      /^\/api\/v5\/user\/orgs$/,
      (ctx) => {
        if (!authed(ctx)) return;
        ctx.json(200, [{ id: 5, login: 'open-org', name: 'Open Org' }]);
      },
    ],
    [
      'GET',
      /^\/api\/v5\/user\/repos$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const q = ctx.url.searchParams.get('q') ?? '';
        listRepos(ctx, repos.filter((r) => r.startsWith('geeuser/') && r.includes(q)));
      },
    ],
    [
      'GET',
      /^\/api\/v5\/orgs\/([^/]+)\/repos$/,
      (ctx) => {
        if (!authed(ctx)) return;
        listRepos(ctx, repos.filter((r) => r.startsWith(`${ctx.params[0]}/`)));
      },
    ],
    [
      'GET',
      /^\/api\/v5\/repos\/([^/]+)\/([^/]+)\/(branches|tags)$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const full = `${ctx.params[0]}/${ctx.params[1]}`;
        if (!repos.includes(full)) return ctx.json(404, { message: 'Not Found Project' });
        const names = ctx.params[2] === 'branches' ? ['master', 'dev'] : ['v1'];
        ctx.json(200, names.map((name) => ({ name, commit: { sha: fakeSha(`${full}@${name}`), url: `${base}/api/v5/repos/${full}/commits/${name}` }, protected: false })));
      },
    ],
    [
      'POST',
      /^\/api\/v5\/repos\/([^/]+)\/([^/]+)\/hooks$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const f = ctx.fields();
        hooks.push({ repo: `${ctx.params[0]}/${ctx.params[1]}`, url: f.url ?? '' });
        ctx.json(201, { id: hooks.length, url: f.url, push_events: true, tag_push_events: f.tag_push_events === 'true', created_at: new Date().toISOString() });
      },
    ],
  ];
  const emulator = await startEmulator(routes);
  base = emulator.url;
  return Object.assign(emulator, {
    hooks,
    accessTokens,
    expireAll() {
      for (const key of accessTokens.keys()) accessTokens.set(key, Date.now() - 1);
    },
  });
}
