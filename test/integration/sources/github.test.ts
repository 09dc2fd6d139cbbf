import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeServerCertificate } from '../../support/certs';
import { testCore } from '../../support/core';
import { consent } from '../../support/providers/consent';
import { startGitHubEmulator, type GitHubEmulator } from '../../support/providers/github';
import { tempDir } from '../../support/temp';
import { baseEnv, caller, databaseBytes, nextEvent } from './helpers';

// The GitHub OAuth web flow end to end, from Slipway's core to the emulator and back through the loopback listener.
let github: GitHubEmulator;
const dataDir = tempDir();
let core: ReturnType<typeof testCore>;

before(async () => {
  github = await startGitHubEmulator({ clientId: 'Iv1.testclient', clientSecret: 'gh-client-secret-123' });
  core = testCore(dataDir, { ...baseEnv(dataDir), SLIPWAY_GITHUB_URL: github.url, SLIPWAY_GITHUB_CLIENT_ID: 'Iv1.testclient', SLIPWAY_GITHUB_CLIENT_SECRET: 'gh-client-secret-123' });
});
after(async () => {
  core?.close();
  await github?.close();
});

test('a missing OAuth app is a clear message, not a broken page', async () => {
  const dir = tempDir();
  const bare = testCore(dir, baseEnv(dir));
  try {
    const error = await caller(bare).fails('sources:bind', { provider: 'github' });
    assert.equal(error.code, 'unavailable');
    assert.match(error.message, /No GitHub OAuth app/);
    assert.match(error.hint ?? '', /SLIPWAY_GITHUB_CLIENT_ID/);
    assert.match(error.hint ?? '', /http:\/\/127\.0\.0\.1\/callback/);
  } finally {
    bare.close();
  }
});

test('bind: state and PKCE in the authorize URL, a forged callback ignored, one callback accepted, then the port is closed', async () => {
  const { ok } = caller(core);
  const flow = await ok('sources:bind', { provider: 'github' });
  const url = new URL(flow.authorizeUrl);
  assert.equal(url.origin, github.url);
  assert.equal(url.pathname, '/login/oauth/authorize');
  assert.equal(url.searchParams.get('client_id'), 'Iv1.testclient');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.match(url.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.ok((url.searchParams.get('state') ?? '').length >= 32);
  assert.match(url.searchParams.get('scope') ?? '', /repo/);
  assert.equal(flow.authorizeUrl.includes('gh-client-secret-123'), false, 'the client secret never rides in a URL');
  assert.equal(flow.openedExternally, false);
  const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
  assert.equal(redirect.hostname, '127.0.0.1');
  assert.ok(Number(redirect.port) > 0);

  const forged = await fetch(`${redirect.origin}/callback?code=evil&state=not-the-state`);
  assert.equal(forged.status, 400);
  assert.match(await forged.text(), /does not belong to the sign-in Slipway started/);

  const outcome = nextEvent(core, 'sources:flow');
  const landing = await consent(flow.authorizeUrl);
  assert.equal(landing.status, 200);
  assert.match(landing.text, /GitHub is bound as octocat\. You can return to Slipway\./);
  const result = await outcome;
  assert.equal(result.outcome, 'bound');
  assert.equal(result.source?.login, 'octocat');

  await assert.rejects(fetch(landing.callbackUrl), 'a second callback meets a closed port');

  const [source] = await ok('sources:list', {});
  assert.ok(source);
  assert.equal(source.provider, 'github');
  assert.equal(source.baseUrl, github.url);
  assert.equal(source.status, 'ok');
  assert.deepEqual(source.scopes, ['repo', 'admin:repo_hook', 'read:org']);
});

test('the repository picker: owners, paginated repositories, search, branches and tags', async () => {
  const { ok } = caller(core);
  const [source] = await ok('sources:list', {});
  assert.ok(source);
  const owners = await ok('sources:owners', { sourceId: source.id });
  assert.deepEqual(owners.map((o) => `${o.kind}:${o.id}`), ['user:octocat', 'organization:acme']);

  const seen: string[] = [];
  for (let page = 1; page <= 10; page++) {
    const batch = await ok('sources:repositories', { sourceId: source.id, ownerId: 'octocat', page, perPage: 20 });
    seen.push(...batch.items.map((r) => r.fullName));
    if (!batch.hasMore) break;
  }
  assert.equal(seen.length, 45);
  assert.equal(new Set(seen).size, 45);

  const found = await ok('sources:repositories', { sourceId: source.id, ownerId: 'octocat', search: 'project-04', page: 1, perPage: 20 });
  assert.deepEqual(found.items.map((r) => r.fullName), ['octocat/project-040', 'octocat/project-041', 'octocat/project-042', 'octocat/project-043', 'octocat/project-044', 'octocat/project-045']);
  const org = await ok('sources:repositories', { sourceId: source.id, ownerId: 'acme', page: 1, perPage: 30 });
  const web = org.items.find((r) => r.name === 'web-app');
  assert.equal(web?.cloneUrl, `${github.url}/acme/web-app.git`);
  assert.equal(web?.defaultBranch, 'main');

  const first = await ok('sources:refs', { sourceId: source.id, fullName: 'acme/web-app', kind: 'branch', page: 1, perPage: 30 });
  assert.equal(first.items.length, 30);
  assert.equal(first.hasMore, true);
  assert.match(first.items[0]?.commit ?? '', /^[0-9a-f]{40}$/);
  const second = await ok('sources:refs', { sourceId: source.id, fullName: 'acme/web-app', kind: 'branch', page: 2, perPage: 30 });
  assert.equal(second.items.length, 12);
  assert.equal(second.hasMore, false);
  const features = await ok('sources:refs', { sourceId: source.id, fullName: 'acme/web-app', kind: 'branch', search: 'feature/f1', page: 1, perPage: 100 });
  assert.ok(features.items.every((r) => r.name.startsWith('feature/f1')));
  assert.equal(features.items.length, 11);
  const tags = await ok('sources:refs', { sourceId: source.id, fullName: 'acme/web-app', kind: 'tag', page: 1, perPage: 30 });
  assert.deepEqual(tags.items.map((t) => t.name), ['v1.0.0', 'v1.1.0', 'v2.0.0']);

  const missing = await caller(core).fails('sources:refs', { sourceId: source.id, fullName: 'acme/nope', kind: 'branch', page: 1, perPage: 30 });
  assert.equal(missing.code, 'not_found');
});

test('git credentials for builds; the token stays out of the database, the contract and URLs', async () => {
  const { ok } = caller(core);
  const [source] = await ok('sources:list', {});
  assert.ok(source);
  const credential = await core.gitCredentials.credentialFor(source.id);
  const [issued] = [...github.tokens.keys()];
  assert.ok(issued);
  assert.deepEqual(credential, { username: 'x-access-token', password: issued });
  assert.equal(await core.gitCredentials.credentialFor('no-such-source'), null);

  assert.equal(databaseBytes(dataDir).includes(issued), false, 'the token is not in the SQLite files in plain text');
  assert.equal(databaseBytes(dataDir).includes('gh-client-secret-123'), false);
  assert.equal(JSON.stringify(await ok('sources:list', {})).includes(issued), false);
  assert.equal(github.seen.some((r) => r.url.includes(issued)), false, 'no request carried the token in its URL');
});

test('health: a revoked authorization turns the row to Needs attention with the reason', async () => {
  const { ok } = caller(core);
  const [source] = await ok('sources:list', {});
  assert.ok(source);
  const [issued] = [...github.tokens.keys()];
  const grant = github.tokens.get(issued ?? '');
  github.tokens.delete(issued ?? '');
  const changed = nextEvent(core, 'sources:changed');
  const checked = await ok('sources:check', { id: source.id });
  assert.equal(checked.status, 'attention');
  assert.match(checked.reason ?? '', /refused the token/);
  assert.match(checked.hint ?? '', /bind the account again/);
  assert.equal((await changed)[0]?.status, 'attention');
  if (issued && grant) github.tokens.set(issued, grant);
  assert.equal((await ok('sources:check', { id: source.id })).status, 'ok');
});

test('unbind deletes the grant on GitHub and forgets the token', async () => {
  const { ok } = caller(core);
  const [source] = await ok('sources:list', {});
  assert.ok(source);
  const [issued] = [...github.tokens.keys()];
  const result = await ok('sources:unbind', { id: source.id });
  assert.match(result.revocation, /revoked/);
  assert.deepEqual(github.revokedGrants, [issued]);
  assert.deepEqual(await ok('sources:list', {}), []);
  assert.equal(await core.gitCredentials.credentialFor(source.id), null);
  const secrets = core.db.prepare('SELECT COUNT(*) AS n FROM secrets').get() as { n: number };
  assert.equal(secrets.n, 0);
});

test('an under-scoped authorization binds but needs attention, saying which scope and why', async () => {
  const scoped = await startGitHubEmulator({ clientId: 'Iv1.other', clientSecret: 's2', grantScopes: 'repo' });
  const dir = tempDir();
  const other = testCore(dir, { ...baseEnv(dir), SLIPWAY_GITHUB_URL: scoped.url, SLIPWAY_GITHUB_CLIENT_ID: 'Iv1.other', SLIPWAY_GITHUB_CLIENT_SECRET: 's2' });
  try {
    const flow = await caller(other).ok('sources:bind', { provider: 'github' });
    const done = nextEvent(other, 'sources:flow');
    await consent(flow.authorizeUrl);
    const result = await done;
    assert.equal(result.source?.status, 'attention');
    assert.match(result.source?.reason ?? '', /lacks admin:repo_hook, read:org.*set push hooks/);
  } finally {
    other.close();
    await scoped.close();
  }
});

test('denying on the consent page ends the flow with a clear outcome', async () => {
  const flow = await caller(core).ok('sources:bind', { provider: 'github' });
  const done = nextEvent(core, 'sources:flow');
  const landing = await consent(flow.authorizeUrl, 'deny');
  assert.match(landing.text, /not granted.*You can return to Slipway/);
  const result = await done;
  assert.equal(result.outcome, 'failed');
  assert.equal(result.error?.code, 'canceled');
});

test('the emulator refuses a code exchanged without the PKCE verifier', async () => {
  const flow = await caller(core).ok('sources:bind', { provider: 'github' });
  const url = new URL(flow.authorizeUrl);
  const form = new URLSearchParams({ client_id: 'Iv1.testclient', redirect_uri: url.searchParams.get('redirect_uri') ?? '', state: url.searchParams.get('state') ?? '', scope: 'repo', code_challenge: url.searchParams.get('code_challenge') ?? '', decision: 'allow' });
  const posted = await fetch(`${github.url}/login/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const code = new URL(posted.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const exchange = await fetch(`${github.url}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'Iv1.testclient', client_secret: 'gh-client-secret-123', code, redirect_uri: url.searchParams.get('redirect_uri') }),
  });
  assert.equal(((await exchange.json()) as { error?: string }).error, 'invalid_grant');
  await caller(core).ok('sources:cancelBind', { flowId: flow.flowId });
});

test('GitHub Enterprise Server at its own address with a private CA: refused with the TLS hint without it, bound with it', async () => {
  const ca = makeServerCertificate(tempDir());
  const ghes = await startGitHubEmulator({ clientId: 'Iv1.ghes', clientSecret: 'ghes-secret', login: 'mona', tls: { certPath: ca.certPath, keyPath: ca.keyPath } });
  const dir = tempDir();
  const enterprise = testCore(dir, { ...baseEnv(dir), SLIPWAY_GITHUB_CLIENT_ID: 'Iv1.ghes', SLIPWAY_GITHUB_CLIENT_SECRET: 'ghes-secret' });
  try {
    const { ok } = caller(enterprise);
    const untrusted = await ok('sources:bind', { provider: 'github', baseUrl: ghes.url });
    assert.equal(new URL(untrusted.authorizeUrl).origin, ghes.url);
    const failed = nextEvent(enterprise, 'sources:flow');
    const landing = await consent(untrusted.authorizeUrl, 'allow', ca.caPem);
    assert.match(landing.text, /securely.*You can return to Slipway/);
    const result = await failed;
    assert.equal(result.error?.code, 'tls');
    assert.match(result.error?.hint ?? '', /CA certificate/);

    const trusted = await ok('sources:bind', { provider: 'github', baseUrl: ghes.url, caCertPem: ca.caPem });
    const bound = nextEvent(enterprise, 'sources:flow');
    await consent(trusted.authorizeUrl, 'allow', ca.caPem);
    const done = await bound;
    assert.equal(done.source?.login, 'mona');
    assert.equal(done.source?.hasCaCert, true);
    const repos = await ok('sources:repositories', { sourceId: done.source?.id ?? '', ownerId: 'mona', page: 1, perPage: 5 });
    assert.equal(repos.items[0]?.cloneUrl, `${ghes.url}/mona/project-001.git`);
  } finally {
    enterprise.close();
    await ghes.close();
  }
});
