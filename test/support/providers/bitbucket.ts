import { bearer, consentPage, fakeSha, isLoopbackCallback, paginate, startEmulator, token, type Ctx, type Emulator, type Route } from './common';

export interface BitbucketEmulator extends Emulator {
  readonly hooks: { repo: string; url: string }[];
  readonly accessTokens: Map<string, number>;
  /** Makes every access token issued so far expire now (to test the silent refresh). */
  expireAll(): void;
  refreshCount(): number;
}

/**
 * bitbucket.org for Slipway: the OAuth 2 authorization-code flow (consumer key and secret by Basic
 * auth, one registered callback URL, two-hour access tokens, refresh tokens), and the 2.0 API under
 * /!api/2.0: user, workspaces, repositories with q= search and `next` paging, branches and tags.
 */
export async function startBitbucketEmulator(options: { key: string; secret: string; callbackUrl: string }): Promise<BitbucketEmulator> {
  const codes = new Map<string, boolean>();
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  let base = '';
  const repos = Array.from({ length: 12 }, (_, i) => `team-space/service-${i + 1}`);
  const state = { refreshes: 0 };
  const hooks: { repo: string; url: string }[] = [];

  const expected = `Basic ${Buffer.from(`${options.key}:${options.secret}`).toString('base64')}`;
  const issue = (ctx: Ctx) => {
    const access = token('bb-at-');
    const refresh = token('bb-rt-');
    accessTokens.set(access, Date.now() + 7200_000);
    refreshTokens.add(refresh);
    ctx.json(200, { access_token: access, scopes: 'repository webhook account', token_type: 'bearer', expires_in: 7200, state: 'authorization_code', refresh_token: refresh });
  };
  const authed = (ctx: Ctx): boolean => {
    const t = bearer(ctx.req);
    const until = t ? accessTokens.get(t) : undefined;
    if (until === undefined || until < Date.now()) {
      ctx.json(401, { type: 'error', error: { message: 'Access token expired.' } });
      return false;
    }
    return true;
  };
  const pageOf = (ctx: Ctx, all: readonly unknown[]) => {
    const p = paginate(all, ctx.url, 'pagelen', 'page', 10);
    const next = new URL(ctx.url.pathname + ctx.url.search, base);
    next.searchParams.set('page', String(p.page + 1));
    ctx.json(200, { pagelen: p.items.length, page: p.page, size: all.length, values: p.items, ...(p.hasNext ? { next: next.toString() } : {}) });
  };
  const nameFilter = (ctx: Ctx) => /name ~ "([^"]*)"/.exec(ctx.url.searchParams.get('q') ?? '')?.[1] ?? '';

  const routes: Route[] = [
    [
      'GET',
      /^\/site\/oauth2\/authorize$/,
      (ctx) => {
        const q = ctx.url.searchParams;
        if (q.get('client_id') !== options.key) return ctx.html(400, '<h1>Invalid client_id</h1>');
        const redirect = q.get('redirect_uri');
        if (redirect && redirect !== options.callbackUrl) return ctx.html(400, '<h1>redirect_uri does not match the consumer’s callback URL</h1>');
        ctx.html(200, consentPage('Grant Slipway access to your Bitbucket account', '/site/oauth2/authorize', { state: q.get('state') ?? '' }));
      },
    ],
    [
      'POST',
      /^\/site\/oauth2\/authorize$/,
      (ctx) => {
        const f = ctx.fields();
        if (!isLoopbackCallback(options.callbackUrl)) return ctx.html(500, 'bad callback');
        const back = new URL(options.callbackUrl);
        if (f.state) back.searchParams.set('state', f.state);
        if (f.decision !== 'allow') back.searchParams.set('error', 'access_denied');
        else {
          const code = token('bbcode');
          codes.set(code, false);
          back.searchParams.set('code', code);
        }
        ctx.redirect(back.toString());
      },
    ],
    [
      'POST',
      /^\/site\/oauth2\/access_token$/,
      (ctx) => {
        if (ctx.req.headers.authorization !== expected) return ctx.json(401, { error: 'invalid_client', error_description: 'Invalid OAuth client credentials' });
        const f = ctx.fields();
        if (f.grant_type === 'authorization_code') {
          if (codes.get(f.code ?? '') !== false) return ctx.json(400, { error: 'invalid_grant', error_description: 'The specified code is not valid.' });
          codes.set(f.code ?? '', true);
          return issue(ctx);
        }
        if (f.grant_type === 'refresh_token') {
          if (!refreshTokens.delete(f.refresh_token ?? '')) return ctx.json(400, { error: 'invalid_grant', error_description: 'Invalid refresh_token' });
          state.refreshes++;
          return issue(ctx);
        }
        ctx.json(400, { error: 'unsupported_grant_type' });
      },
    ],
    [
      'GET',
      /^\/!api\/2\.0\/user$/,
      (ctx) => {
        if (!authed(ctx)) return;
        ctx.json(200, { type: 'user', uuid: '{3f1a0f0e-0000-4000-8000-000000000001}', username: 'bbuser', nickname: 'bbuser', display_name: 'Bit Bucket', account_id: '557058:1' }, { 'x-oauth-scopes': 'repository, webhook, account' });
      },
    ],
    [
      'GET',
      /^\/!api\/2\.0\/user\/permissions\/workspaces$/,
      (ctx) => {
        if (!authed(ctx)) return;
        pageOf(ctx, [{ type: 'workspace_membership', permission: 'owner', workspace: { type: 'workspace', slug: 'team-space', name: 'Team Space', uuid: '{w1}' } }]);
      },
    ],
    [
      'GET',
      /^\/!api\/2\.0\/repositories\/([^/]+)$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const filter = nameFilter(ctx);
        const mine = repos.filter((r) => r.startsWith(`${ctx.params[0]}/`) && r.split('/')[1]?.includes(filter));
        pageOf(
          ctx,
          mine.map((full) => ({
            type: 'repository',
            full_name: full,
            name: full.split('/')[1],
            is_private: true,
            mainbranch: { type: 'branch', name: 'main' },
            links: { clone: [{ name: 'https', href: `https://bbuser@127.0.0.1/${full}.git` }, { name: 'ssh', href: `git@127.0.0.1:${full}.git` }], html: { href: `${base}/${full}` } },
          })),
        );
      },
    ],
    [
      'GET',
      /^\/!api\/2\.0\/repositories\/([^/]+)\/([^/]+)\/refs\/(branches|tags)$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const full = `${ctx.params[0]}/${ctx.params[1]}`;
        if (!repos.includes(full)) return ctx.json(404, { type: 'error', error: { message: 'Repository not found' } });
        const names = ctx.params[2] === 'branches' ? ['main', 'develop'] : ['1.0'];
        const filter = nameFilter(ctx);
        pageOf(ctx, names.filter((n) => n.includes(filter)).map((name) => ({ name, type: ctx.params[2] === 'branches' ? 'branch' : 'tag', target: { hash: fakeSha(`${full}@${name}`) } })));
      },
    ],
    [
      'POST',
      /^\/!api\/2\.0\/repositories\/([^/]+)\/([^/]+)\/hooks$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const body = JSON.parse(ctx.body.toString('utf8') || '{}') as { url?: string; events?: string[] };
        hooks.push({ repo: `${ctx.params[0]}/${ctx.params[1]}`, url: body.url ?? '' });
        ctx.json(201, { type: 'webhook_subscription', uuid: `{hook-${hooks.length}}`, url: body.url, active: true, events: body.events ?? ['repo:push'] });
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
    refreshCount: () => state.refreshes,
  });
}
