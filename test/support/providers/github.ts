import { bearer, consentPage, fakeSha, isLoopbackCallback, linkHeader, paginate, s256, startEmulator, token, type Ctx, type Emulator, type Route, type TlsFiles } from './common';
import type { Branches, Hook, MatchingRefs, Orgs, PrivateUser, Repository, SearchRepos, SimpleUser, Tags } from './github-schemas';

export interface GitHubEmulatorOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly login?: string;
  /** Repositories the user owns (beyond the first page, to exercise pagination). */
  readonly userRepos?: number;
  /** Scopes the emulator grants, whatever was asked (to test an under-scoped authorization). */
  readonly grantScopes?: string;
  /** Serve HTTPS with this certificate (an Enterprise Server with a private CA). */
  readonly tls?: TlsFiles;
  /** Organizations the user belongs to whose repositories the token cannot list (answered 404). */
  readonly hiddenOrgs?: readonly string[];
}

export interface GitHubEmulator extends Emulator {
  readonly tokens: Map<string, { login: string; scopes: string }>;
  readonly revokedGrants: string[];
  readonly hooks: { repo: string; url: string }[];
}

interface Pending {
  clientId: string;
  redirectUri: string;
  challenge?: string;
  scope: string;
  used: boolean;
}

/**
 * github.com (or a GitHub Enterprise Server: the API lives under /api/v3) as far as Slipway uses it:
 * the OAuth web flow with state and PKCE, the user, organizations, repositories, branches, tags,
 * matching refs, repository search, hooks and grant deletion. JSON shapes are typed by GitHub's
 * OpenAPI description (github-schemas.ts).
 */
export async function startGitHubEmulator(options: GitHubEmulatorOptions): Promise<GitHubEmulator> {
  const login = options.login ?? 'octocat';
  const codes = new Map<string, Pending>();
  const tokens = new Map<string, { login: string; scopes: string }>();
  const revokedGrants: string[] = [];
  const hooks: { repo: string; url: string }[] = [];
  let base = '';
  const repoNames = new Map<string, string[]>([
    [login, Array.from({ length: options.userRepos ?? 45 }, (_, i) => `project-${String(i + 1).padStart(3, '0')}`)],
    ['acme', ['web-app', 'api', 'docs']],
  ]);
  const branches = ['main', 'develop', ...Array.from({ length: 40 }, (_, i) => `feature/f${i + 1}`)];
  const tags = ['v1.0.0', 'v1.1.0', 'v2.0.0'];

  const authed = (ctx: Ctx): { login: string; scopes: string } | undefined => {
    const t = bearer(ctx.req);
    const found = t ? tokens.get(t) : undefined;
    if (!found) ctx.json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    return found;
  };

  const routes: Route[] = [
    [
      'GET',
      /^\/login\/oauth\/authorize$/,
      (ctx) => {
        const q = ctx.url.searchParams;
        if (q.get('client_id') !== options.clientId) return ctx.html(404, '<h1>Not found: unknown client_id</h1>');
        const redirectUri = q.get('redirect_uri') ?? '';
        if (!isLoopbackCallback(redirectUri)) return ctx.html(400, '<h1>The redirect_uri is not a loopback callback</h1>');
        if (q.get('code_challenge') && q.get('code_challenge_method') !== 'S256') return ctx.html(400, '<h1>Only S256 is supported</h1>');
        ctx.html(
          200,
          consentPage('Authorize Slipway', '/login/oauth/authorize', {
            client_id: options.clientId,
            redirect_uri: redirectUri,
            state: q.get('state') ?? '',
            scope: q.get('scope') ?? '',
            code_challenge: q.get('code_challenge') ?? '',
          }),
        );
      },
    ],
    [
      'POST',
      /^\/login\/oauth\/authorize$/,
      (ctx) => {
        const f = ctx.fields();
        const back = new URL(f.redirect_uri ?? '');
        if (f.state) back.searchParams.set('state', f.state);
        if (f.decision !== 'allow') {
          back.searchParams.set('error', 'access_denied');
          return ctx.redirect(back.toString());
        }
        const code = token('code-');
        codes.set(code, { clientId: f.client_id ?? '', redirectUri: f.redirect_uri ?? '', scope: f.scope ?? '', used: false, ...(f.code_challenge ? { challenge: f.code_challenge } : {}) });
        back.searchParams.set('code', code);
        ctx.redirect(back.toString());
      },
    ],
    [
      'POST',
      /^\/login\/oauth\/access_token$/,
      (ctx) => {
        const f = ctx.fields();
        // GitHub answers OAuth errors with 200 and an error body.
        if (f.client_id !== options.clientId || f.client_secret !== options.clientSecret) return ctx.json(200, { error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' });
        const pending = codes.get(f.code ?? '');
        if (!pending || pending.used) return ctx.json(200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
        pending.used = true;
        if (f.redirect_uri !== pending.redirectUri) return ctx.json(200, { error: 'redirect_uri_mismatch', error_description: 'The redirect_uri MUST match the registered callback URL for this application.' });
        if (pending.challenge && (!f.code_verifier || s256(f.code_verifier) !== pending.challenge)) return ctx.json(200, { error: 'invalid_grant', error_description: 'The code_verifier does not match the code_challenge.' });
        const accessToken = token('gho_');
        const scope = options.grantScopes ?? pending.scope.split(/[ ,]+/).filter(Boolean).join(',');
        tokens.set(accessToken, { login, scopes: scope });
        ctx.json(200, { access_token: accessToken, token_type: 'bearer', scope });
      },
    ],
    [
      'GET',
      /^\/api\/v3\/user$/,
      (ctx) => {
        const who = authed(ctx);
        if (!who) return;
        ctx.json(200, privateUser(base, who.login), { 'x-oauth-scopes': who.scopes.split(',').join(', ') });
      },
    ],
    [
      'GET',
      /^\/api\/v3\/user\/orgs$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const orgs: Orgs = ['acme', ...(options.hiddenOrgs ?? [])].map((org, i) => ({
          login: org,
          id: 9001 + i,
          node_id: `O_${org}`,
          url: `${base}/api/v3/orgs/${org}`,
          repos_url: `${base}/api/v3/orgs/${org}/repos`,
          events_url: `${base}/api/v3/orgs/${org}/events`,
          hooks_url: `${base}/api/v3/orgs/${org}/hooks`,
          issues_url: `${base}/api/v3/orgs/${org}/issues`,
          members_url: `${base}/api/v3/orgs/${org}/members{/member}`,
          public_members_url: `${base}/api/v3/orgs/${org}/public_members{/member}`,
          avatar_url: `${base}/avatars/${org}`,
          description: org === 'acme' ? 'Acme Corp' : null,
        }));
        ctx.json(200, orgs);
      },
    ],
    [
      'GET',
      /^\/api\/v3\/user\/repos$/,
      (ctx) => {
        const who = authed(ctx);
        if (!who) return;
        listRepos(ctx, who.login);
      },
    ],
    [
      'GET',
      /^\/api\/v3\/orgs\/([^/]+)\/repos$/,
      (ctx) => {
        if (!authed(ctx)) return;
        if (!repoNames.has(ctx.params[0] ?? '')) return ctx.json(404, { message: 'Not Found' });
        listRepos(ctx, ctx.params[0] ?? '');
      },
    ],
    [
      'GET',
      /^\/api\/v3\/search\/repositories$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const q = ctx.url.searchParams.get('q') ?? '';
        const owner = /(?:user|org):(\S+)/.exec(q)?.[1] ?? '';
        const words = q
          .split(/\s+/)
          .filter((w) => w && !w.includes(':'))
          .map((w) => w.toLowerCase());
        const matches = (repoNames.get(owner) ?? []).filter((n) => words.every((w) => n.toLowerCase().includes(w)));
        const { items } = paginate(matches, ctx.url);
        const result: SearchRepos = { total_count: matches.length, incomplete_results: false, items: items.map((n) => searchItem(base, owner, n)) };
        ctx.json(200, result);
      },
    ],
    [
      'GET',
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/branches$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const [owner = '', repo = ''] = ctx.params;
        if (!repoNames.get(owner)?.includes(repo)) return ctx.json(404, { message: 'Not Found' });
        const page = paginate(branches, ctx.url);
        const body: Branches = page.items.map((name) => ({ name, commit: { sha: fakeSha(`${owner}/${repo}@${name}`), url: `${base}/api/v3/repos/${owner}/${repo}/commits/${fakeSha(`${owner}/${repo}@${name}`)}` }, protected: name === 'main' }));
        ctx.json(200, body, linkHeader(base, ctx.url, page.page, page.hasNext, page.lastPage));
      },
    ],
    [
      'GET',
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/tags$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const [owner = '', repo = ''] = ctx.params;
        const page = paginate(tags, ctx.url);
        const body: Tags = page.items.map((name) => ({
          name,
          commit: { sha: fakeSha(`${owner}/${repo}@${name}`), url: `${base}/api/v3/repos/${owner}/${repo}/commits/${fakeSha(`${owner}/${repo}@${name}`)}` },
          zipball_url: `${base}/api/v3/repos/${owner}/${repo}/zipball/${name}`,
          tarball_url: `${base}/api/v3/repos/${owner}/${repo}/tarball/${name}`,
          node_id: `T_${name}`,
        }));
        ctx.json(200, body, linkHeader(base, ctx.url, page.page, page.hasNext, page.lastPage));
      },
    ],
    [
      'GET',
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/git\/matching-refs\/(.+)$/,
      (ctx) => {
        if (!authed(ctx)) return;
        const [owner = '', repo = '', ref = ''] = ctx.params;
        const [kind, ...rest] = ref.split('/');
        const prefix = rest.join('/');
        const names = (kind === 'heads' ? branches : tags).filter((n) => n.startsWith(prefix));
        const body: MatchingRefs = names.map((n) => ({
          ref: `refs/${kind}/${n}`,
          node_id: `R_${n}`,
          url: `${base}/api/v3/repos/${owner}/${repo}/git/refs/${kind}/${n}`,
          object: { type: 'commit', sha: fakeSha(`${owner}/${repo}@${n}`), url: `${base}/api/v3/repos/${owner}/${repo}/git/commits/${fakeSha(`${owner}/${repo}@${n}`)}` },
        }));
        ctx.json(200, body);
      },
    ],
    [
      'POST',
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/hooks$/,
      (ctx) => {
        const who = authed(ctx);
        if (!who) return;
        if (!who.scopes.includes('repo_hook')) return ctx.json(404, { message: 'Not Found' });
        const [owner = '', repo = ''] = ctx.params;
        const config = JSON.parse(ctx.body.toString('utf8') || '{}') as { config?: { url?: string } };
        hooks.push({ repo: `${owner}/${repo}`, url: config.config?.url ?? '' });
        const hook: Hook = {
          type: 'Repository',
          id: hooks.length,
          name: 'web',
          active: true,
          events: ['push'],
          config: { url: config.config?.url ?? '', content_type: 'json', insecure_ssl: '0' },
          updated_at: new Date().toISOString(),
          created_at: new Date().toISOString(),
          url: `${base}/api/v3/repos/${owner}/${repo}/hooks/${hooks.length}`,
          test_url: `${base}/api/v3/repos/${owner}/${repo}/hooks/${hooks.length}/test`,
          ping_url: `${base}/api/v3/repos/${owner}/${repo}/hooks/${hooks.length}/pings`,
          last_response: { code: null, status: 'unused', message: null },
        };
        ctx.json(201, hook);
      },
    ],
    [
      'DELETE',
      /^\/api\/v3\/applications\/([^/]+)\/grant$/,
      (ctx) => {
        const expected = `basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
        if ((ctx.req.headers.authorization ?? '').toLowerCase() !== expected.toLowerCase() || ctx.params[0] !== options.clientId) return ctx.json(401, { message: 'Requires authentication' });
        const { access_token: accessToken } = JSON.parse(ctx.body.toString('utf8') || '{}') as { access_token?: string };
        if (!accessToken || !tokens.has(accessToken)) return ctx.json(404, { message: 'Not Found' });
        tokens.delete(accessToken);
        revokedGrants.push(accessToken);
        ctx.empty(204);
      },
    ],
  ];

  function listRepos(ctx: Ctx, owner: string): void {
    const all = repoNames.get(owner) ?? [];
    const page = paginate(all, ctx.url);
    const body: Repository[] = page.items.map((n) => repository(base, owner, n));
    ctx.json(200, body, linkHeader(base, ctx.url, page.page, page.hasNext, page.lastPage));
  }

  const emulator = await startEmulator(routes, options.tls);
  base = emulator.url;
  return { ...emulator, tokens, revokedGrants, hooks };
}

function simpleUser(base: string, login: string): SimpleUser {
  const api = `${base}/api/v3/users/${login}`;
  return {
    login,
    id: 583231,
    node_id: `U_${login}`,
    avatar_url: `${base}/avatars/${login}`,
    gravatar_id: '',
    url: api,
    html_url: `${base}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: 'User',
    site_admin: false,
  };
}

function privateUser(base: string, login: string): PrivateUser {
  return {
    ...simpleUser(base, login),
    name: 'The Octocat',
    company: null,
    blog: null,
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 2,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    private_gists: 0,
    total_private_repos: 40,
    owned_private_repos: 40,
    disk_usage: 100,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

function repository(base: string, owner: string, name: string): Repository {
  const full = `${owner}/${name}`;
  const api = `${base}/api/v3/repos/${full}`;
  return {
    id: repoId(full),
    node_id: `R_${full}`,
    name,
    full_name: full,
    license: null,
    forks: 0,
    owner: simpleUser(base, owner),
    private: !name.endsWith('docs'),
    html_url: `${base}/${full}`,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://127.0.0.1/${full}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@127.0.0.1:${full}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${base}/${full}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: `${base}/${full}`,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 10,
    default_branch: 'main',
    open_issues_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    archived: false,
    disabled: false,
    pushed_at: '2026-01-01T00:00:00Z',
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    open_issues: 0,
    watchers: 0,
  };
}

function repoId(full: string): number {
  return Number.parseInt(fakeSha(full).slice(0, 8), 16);
}

function searchItem(base: string, owner: string, name: string): SearchRepos['items'][number] {
  const { permissions: _permissions, ...r } = repository(base, owner, name);
  return { ...r, id: repoId(`${owner}/${name}`), created_at: '2025-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', pushed_at: '2026-01-01T00:00:00Z', score: 1 };
}
