import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeServerCertificate, type TestCa } from '../../support/certs';
import { testCore } from '../../support/core';
import { freePort } from '../../support/ports';
import { startGitLabEmulator, type GitLabEmulator, type GitLabToken } from '../../support/providers/gitlab';
import { tempDir } from '../../support/temp';
import { baseEnv, caller, databaseBytes } from './helpers';

// A self-managed GitLab over HTTPS with a private CA on a random (non-standard) port.
let gitlab: GitLabEmulator;
let ca: TestCa;
const dataDir = tempDir();
const core = testCore(dataDir, baseEnv(dataDir));
const { ok, fails } = caller(core);
const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
const tokens: GitLabToken[] = [
  { token: 'glpat-good-0123456789abcdef', scopes: ['api', 'read_repository'], expiresAt: soon },
  { token: 'glpat-readonly-00000000000', scopes: ['read_api'] },
  { token: 'glpat-second-1111111111111', scopes: ['api'] },
];

before(async () => {
  ca = makeServerCertificate(tempDir());
  gitlab = await startGitLabEmulator({ tokens, tls: { certPath: ca.certPath, keyPath: ca.keyPath } });
});
after(async () => {
  core.close();
  await gitlab?.close();
});

test('a repository URL is refused with a hint to give the instance', async () => {
  const error = await fails('sources:bindGitlab', { url: `${gitlab.url}/platform/website`, username: 'alice', token: 'glpat-good-0123456789abcdef' });
  assert.equal(error.code, 'invalid_input');
  assert.match(error.message, /looks like a repository or group address/);
  assert.equal(error.hint, `Enter only the instance, like ${gitlab.url}; you choose repositories after binding.`);
  const dotGit = await fails('sources:bindGitlab', { url: 'https://gitlab.com/acme/app.git', username: 'alice', token: 'x' });
  assert.match(dotGit.message, /looks like a repository/);
});

test('HTTPS with a self-signed CA: refused with the TLS hint without the CA, bound once it is given', async () => {
  const refused = await fails('sources:bindGitlab', { url: gitlab.url, username: 'alice', token: 'glpat-good-0123456789abcdef' });
  assert.equal(refused.code, 'tls');
  assert.match(refused.message, /Cannot reach GitLab at 127\.0\.0\.1:\d+ securely/);
  assert.match(refused.hint ?? '', /CA certificate \(PEM\)/);

  const source = await ok('sources:bindGitlab', { url: gitlab.url, username: 'Alice', token: 'glpat-good-0123456789abcdef', caCertPem: ca.caPem });
  assert.equal(source.login, 'alice');
  assert.equal(source.status, 'ok');
  assert.equal(source.hasCaCert, true);
  assert.equal(source.tokenExpiresAt?.slice(0, 10), soon);
  assert.match(source.expiryWarning ?? '', /expires in 5 days/);
  assert.deepEqual(source.scopes, ['api', 'read_repository']);
});

test('the site answering "no" is told apart: bad token, missing api scope (and why), wrong username; and cannot reach', async () => {
  const bad = await fails('sources:bindGitlab', { url: gitlab.url, username: 'alice', token: 'glpat-wrong', caCertPem: ca.caPem });
  assert.equal(bad.code, 'unauthorized');
  assert.match(bad.hint ?? '', /api scope/);

  const scoped = await fails('sources:bindGitlab', { url: gitlab.url, username: 'alice', token: 'glpat-readonly-00000000000', caCertPem: ca.caPem });
  assert.equal(scoped.code, 'forbidden');
  assert.match(scoped.message, /has read_api but not api: Slipway needs api to list repositories and to set push hooks/);

  const who = await fails('sources:bindGitlab', { url: gitlab.url, username: 'bob', token: 'glpat-second-1111111111111', caCertPem: ca.caPem });
  assert.equal(who.code, 'invalid_input');
  assert.match(who.message, /belongs to "alice", not "bob"/);

  const closed = await freePort();
  const down = await fails('sources:bindGitlab', { url: `https://127.0.0.1:${closed}`, username: 'alice', token: 'glpat-x' });
  assert.equal(down.code, 'unreachable');
  assert.match(down.hint ?? '', /address and port/);
});

test('picker: groups with subgroups, projects paged and searched, branches and tags', async () => {
  const [source] = await ok('sources:list', {});
  assert.ok(source);
  const owners = await ok('sources:owners', { sourceId: source.id });
  assert.deepEqual(owners.map((o) => o.fullPath), ['alice', 'platform', 'platform/backend']);
  const platform = owners.find((o) => o.fullPath === 'platform');
  assert.ok(platform);
  const all = await ok('sources:repositories', { sourceId: source.id, ownerId: platform.id, page: 1, perPage: 20 });
  assert.deepEqual(all.items.map((r) => r.fullName), ['platform/website', 'platform/backend/billing', 'platform/backend/search']);
  assert.equal(all.items[1]?.cloneUrl, `${gitlab.url}/platform/backend/billing.git`);
  const searched = await ok('sources:repositories', { sourceId: source.id, ownerId: platform.id, search: 'bill', page: 1, perPage: 20 });
  assert.deepEqual(searched.items.map((r) => r.fullName), ['platform/backend/billing']);

  const mine = owners[0];
  assert.ok(mine);
  const p1 = await ok('sources:repositories', { sourceId: source.id, ownerId: mine.id, page: 1, perPage: 10 });
  const p3 = await ok('sources:repositories', { sourceId: source.id, ownerId: mine.id, page: 3, perPage: 10 });
  assert.equal(p1.hasMore, true);
  assert.equal(p3.items.length, 5);
  assert.equal(p3.hasMore, false);

  const branches = await ok('sources:refs', { sourceId: source.id, fullName: 'platform/backend/billing', kind: 'branch', page: 1, perPage: 20 });
  assert.deepEqual(branches.items.map((b) => b.name), ['main', 'develop', 'release/1.x']);
  const tags = await ok('sources:refs', { sourceId: source.id, fullName: 'platform/backend/billing', kind: 'tag', search: 'v0.2', page: 1, perPage: 20 });
  assert.deepEqual(tags.items.map((b) => b.name), ['v0.2.0']);

  assert.deepEqual(await core.gitCredentials.credentialFor(source.id), { username: 'oauth2', password: 'glpat-good-0123456789abcdef' });
  assert.equal(databaseBytes(dataDir).includes('glpat-good-0123456789abcdef'), false);
  assert.equal(gitlab.seen.some((r) => r.url.includes('glpat-')), false);
});

test('health: a token revoked on GitLab turns the binding to Needs attention', async () => {
  const [source] = await ok('sources:list', {});
  assert.ok(source);
  const good = tokens[0];
  assert.ok(good);
  good.revoked = true;
  const checked = await ok('sources:check', { id: source.id });
  assert.equal(checked.status, 'attention');
  assert.match(checked.reason ?? '', /refused the token/);
  good.revoked = false;
  assert.equal((await ok('sources:check', { id: source.id })).status, 'ok');
});

test('unbind keeps the GitLab token unless asked, and revokes it itself when asked', async () => {
  const [source] = await ok('sources:list', {});
  assert.ok(source);
  const kept = await ok('sources:unbind', { id: source.id });
  assert.match(kept.revocation, /still works on GitLab/);
  assert.notEqual(tokens[0]?.revoked, true);

  const second = await ok('sources:bindGitlab', { url: gitlab.url, username: 'alice', token: 'glpat-second-1111111111111', caCertPem: ca.caPem });
  const revoked = await ok('sources:unbind', { id: second.id, revokeToken: true });
  assert.match(revoked.revocation, /revoked/);
  assert.equal(tokens[2]?.revoked, true);
  assert.deepEqual(await ok('sources:list', {}), []);
});

test('the background check notices a revoked token without anyone asking', async () => {
  const dir = tempDir();
  const watched = testCore(dir, { ...baseEnv(dir), SLIPWAY_SOURCES_HEALTH_MS: '150' });
  try {
    const extra: GitLabToken = { token: 'glpat-watched-22222222222', scopes: ['api'] };
    tokens.push(extra);
    const source = await caller(watched).ok('sources:bindGitlab', { url: gitlab.url, username: 'alice', token: extra.token, caCertPem: ca.caPem });
    assert.equal(source.status, 'ok');
    extra.revoked = true;
    const turned = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no background check within 5 s')), 5000);
      const stop = watched.bus.subscribe((e) => {
        if (e.event !== 'sources:changed' || e.payload[0]?.status !== 'attention') return;
        clearTimeout(timer);
        stop();
        resolve(e.payload[0].reason ?? '');
      });
    });
    assert.match(turned, /refused the token/);
  } finally {
    watched.close();
  }
});
