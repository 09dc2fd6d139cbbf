import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testCore } from '../../support/core';
import { freePort } from '../../support/ports';
import { startBitbucketEmulator, type BitbucketEmulator } from '../../support/providers/bitbucket';
import { consent } from '../../support/providers/consent';
import { startGiteeEmulator, type GiteeEmulator } from '../../support/providers/gitee';
import { tempDir } from '../../support/temp';
import { baseEnv, caller, databaseBytes, nextEvent } from './helpers';

// Providers with one registered callback URL: the loopback listener takes the fixed port it names.
let bitbucket: BitbucketEmulator;
let gitee: GiteeEmulator;
let core: ReturnType<typeof testCore>;
const dataDir = tempDir();

before(async () => {
  const [bbPort, geePort] = [await freePort(), await freePort()];
  bitbucket = await startBitbucketEmulator({ key: 'bb-key', secret: 'bb-secret-xyz', callbackUrl: `http://127.0.0.1:${bbPort}/callback` });
  gitee = await startGiteeEmulator({ clientId: 'gee-id', clientSecret: 'gee-secret-xyz', callbackUrl: `http://127.0.0.1:${geePort}/callback` });
  core = testCore(dataDir, {
    ...baseEnv(dataDir),
    SLIPWAY_BITBUCKET_URL: bitbucket.url,
    SLIPWAY_BITBUCKET_CLIENT_ID: 'bb-key',
    SLIPWAY_BITBUCKET_CLIENT_SECRET: 'bb-secret-xyz',
    SLIPWAY_BITBUCKET_CALLBACK_PORT: String(bbPort),
    SLIPWAY_GITEE_URL: gitee.url,
    SLIPWAY_GITEE_CALLBACK_PORT: String(geePort),
  });
});
after(async () => {
  core?.close();
  await bitbucket?.close();
  await gitee?.close();
});

async function bind(provider: 'bitbucket' | 'gitee') {
  const flow = await caller(core).ok('sources:bind', { provider });
  const done = nextEvent(core, 'sources:flow');
  const landing = await consent(flow.authorizeUrl);
  assert.match(landing.text, /You can return to Slipway/);
  const result = await done;
  assert.equal(result.outcome, 'bound', JSON.stringify(result.error));
  assert.ok(result.source);
  return { flow, source: result.source };
}

test('Bitbucket: bound through the fixed callback port, browsed, and refreshed silently', async () => {
  const { ok } = caller(core);
  const { flow, source } = await bind('bitbucket');
  assert.equal(new URL(flow.authorizeUrl).searchParams.get('code_challenge'), null, 'Bitbucket documents no PKCE');
  assert.equal(source.login, 'bbuser');
  assert.equal(source.status, 'ok');

  const owners = await ok('sources:owners', { sourceId: source.id });
  assert.deepEqual(owners, [{ id: 'team-space', name: 'Team Space', fullPath: 'team-space', kind: 'workspace' }]);
  const p1 = await ok('sources:repositories', { sourceId: source.id, ownerId: 'team-space', page: 1, perPage: 5 });
  assert.equal(p1.hasMore, true);
  assert.equal(p1.items[0]?.cloneUrl, 'https://127.0.0.1/team-space/service-1.git', 'the username Bitbucket puts in clone links is dropped');
  const searched = await ok('sources:repositories', { sourceId: source.id, ownerId: 'team-space', search: 'service-1', page: 1, perPage: 20 });
  assert.deepEqual(searched.items.map((r) => r.name), ['service-1', 'service-10', 'service-11', 'service-12']);
  const refs = await ok('sources:refs', { sourceId: source.id, fullName: 'team-space/service-3', kind: 'branch', page: 1, perPage: 20 });
  assert.deepEqual(refs.items.map((r) => r.name), ['main', 'develop']);

  // An access token refused mid-way (expired early): refreshed once, the call retried, nobody told.
  const before = await core.gitCredentials.credentialFor(source.id);
  bitbucket.expireAll();
  const again = await ok('sources:owners', { sourceId: source.id });
  assert.equal(again.length, 1);
  assert.equal(bitbucket.refreshCount(), 1);
  const after = await core.gitCredentials.credentialFor(source.id);
  assert.equal(after?.username, 'x-token-auth');
  assert.notEqual(after?.password, before?.password);

  // An access token near its expiry is refreshed before git gets it.
  core.db.prepare('UPDATE code_sources SET access_expires_at = ? WHERE id = ?').run(new Date(Date.now() + 1000).toISOString(), source.id);
  const fresh = await core.gitCredentials.credentialFor(source.id);
  assert.equal(bitbucket.refreshCount(), 2);
  assert.ok(fresh && bitbucket.accessTokens.has(fresh.password));
  assert.equal(databaseBytes(dataDir).includes(fresh.password), false);
  assert.equal(bitbucket.seen.some((r) => r.url.includes(fresh.password) || r.url.includes('bb-secret-xyz')), false);

  const unbound = await ok('sources:unbind', { id: source.id });
  assert.match(unbound.revocation, /Bitbucket has no API to revoke/);
});

test('Gitee: the OAuth app entered in Settings, bound, browsed, refreshed', async () => {
  const { ok, fails } = caller(core);
  const missing = await fails('sources:bind', { provider: 'gitee' });
  assert.equal(missing.code, 'unavailable');
  assert.match(missing.hint ?? '', /callback URL http:\/\/127\.0\.0\.1:\d+\/callback/);

  const app = await ok('sources:setOAuthApp', { provider: 'gitee', clientId: 'gee-id', clientSecret: 'gee-secret-xyz' });
  assert.deepEqual({ origin: app.origin, hasSecret: app.hasSecret }, { origin: 'settings', hasSecret: true });
  assert.equal(JSON.stringify(await ok('sources:oauthApps', {})).includes('gee-secret-xyz'), false);

  const { source } = await bind('gitee');
  assert.equal(source.login, 'geeuser');
  const owners = await ok('sources:owners', { sourceId: source.id });
  assert.deepEqual(owners.map((o) => o.id), ['geeuser', 'open-org']);
  const repos = await ok('sources:repositories', { sourceId: source.id, ownerId: 'geeuser', page: 1, perPage: 5 });
  assert.equal(repos.items.length, 5);
  assert.equal(repos.hasMore, true);
  assert.equal(repos.items[0]?.cloneUrl, `${gitee.url}/geeuser/app-1.git`);
  const refs = await ok('sources:refs', { sourceId: source.id, fullName: 'geeuser/app-2', kind: 'branch', page: 1, perPage: 1 });
  assert.deepEqual(refs, { items: [{ name: 'master', commit: refs.items[0]?.commit ?? '' }], page: 1, hasMore: true });

  gitee.expireAll();
  assert.equal((await ok('sources:check', { id: source.id })).status, 'ok', 'an expired access token is refreshed silently');
  const credential = await core.gitCredentials.credentialFor(source.id);
  assert.equal(credential?.username, 'oauth2');
  assert.ok(credential && gitee.accessTokens.has(credential.password));
  assert.equal(gitee.seen.some((r) => r.url.includes('gitee-at-') || r.url.includes('gee-secret-xyz')), false, 'tokens and the secret never ride in URLs');
  assert.equal(databaseBytes(dataDir).includes('gee-secret-xyz'), false);
});
