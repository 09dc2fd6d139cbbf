import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testCore } from '../../support/core';
import { startGitServer, type GitServer } from '../../support/git-server';
import { startGitLabEmulator, type GitLabEmulator } from '../../support/providers/gitlab';
import { RecordingEnqueuer } from '../../support/recording-enqueuer';
import { tempDir } from '../../support/temp';
import { boundRepository, ok, ruleBase, until } from '../../support/triggers';
import { baseEnv } from '../sources/helpers';

// A private GitLab project (the VPC case): the watcher asks the bound account for its token.
const pat = 'glpat-watcher-4242424242';
let gitlab: GitLabEmulator;
let git: GitServer;

before(async () => {
  gitlab = await startGitLabEmulator({ tokens: [{ token: pat, scopes: ['api'] }] });
  git = await startGitServer({ username: 'oauth2', password: pat });
});
after(async () => {
  await gitlab?.close();
  await git?.stop();
});

test('a private repository of a bound GitLab account is watched with that account’s token, and a push builds', async () => {
  const dataDir = tempDir();
  const enqueuer = new RecordingEnqueuer();
  const core = testCore(dataDir, baseEnv(dataDir), { enqueuer });
  await ok(core, 'settings:update', { watchIntervalSeconds: 1 });
  const source = await ok(core, 'sources:bindGitlab', { url: gitlab.url, username: 'alice', token: pat });
  const cloneUrl = git.createRepo('platform/sub/app');
  git.commit('platform/sub/app', 'main', { Dockerfile: 'FROM scratch\n' });
  const { repository, ruleIds } = await boundRepository(core, cloneUrl, [{ ...ruleBase, type: 'branch', source: 'main' }], source.id);
  await until('the first look', async () => (await ok(core, 'triggers:status', { repositoryId: repository.id }))[0]?.lastSuccessAt);

  const commit = git.commit('platform/sub/app', 'main', { 'a.txt': 'pushed' });
  const [build] = await enqueuer.waitFor(1);
  assert.deepEqual([build?.request.ruleId, build?.request.commit], [ruleIds[0], commit]);
  const basic = `Basic ${Buffer.from(`oauth2:${pat}`).toString('base64')}`;
  assert.ok(git.requests.length > 0 && git.requests.every((r) => r.authorization === basic && !r.url.includes(pat)));

  // Unbound: the next check has no token, the private repository refuses, and the page says why.
  await ok(core, 'sources:unbind', { id: source.id });
  const status = await ok(core, 'triggers:pollNow', { repositoryId: repository.id });
  assert.ok(status.lastError);
  assert.equal(JSON.stringify(status).includes(pat), false);
  core.close();
});

test('Slipway adds the GitLab push hook with the bound token and the repository’s secret; without the api scope it says what GitLab needs', async () => {
  const dataDir = tempDir();
  const core = testCore(dataDir, baseEnv(dataDir), { enqueuer: new RecordingEnqueuer() });
  const source = await ok(core, 'sources:bindGitlab', { url: gitlab.url, username: 'alice', token: pat });
  const cloneUrl = git.createRepo('platform/sub/hooked');
  const { repository } = await boundRepository(core, cloneUrl, [{ ...ruleBase, type: 'branch', source: 'main' }], source.id);
  const patchProvider = await ok(core, 'repositories:update', { id: repository.id, codeRepository: { provider: 'gitlab', sourceId: source.id, fullName: 'platform/sub/hooked', cloneUrl } });
  assert.equal(patchProvider.codeRepository?.provider, 'gitlab');

  const noSecret = await core.call('triggers:registerGitlabHook', { repositoryId: repository.id, publicUrl: 'https://tunnel.example' });
  assert.equal(noSecret.ok, false);
  assert.match(noSecret.ok ? '' : noSecret.error.message, /Set the hook secret first/);
  await ok(core, 'triggers:setHookSecret', { repositoryId: repository.id, secret: 'gitlab-hook-secret-0123456789' });
  const added = await ok(core, 'triggers:registerGitlabHook', { repositoryId: repository.id, publicUrl: 'https://tunnel.example/' });
  assert.equal(added.hookUrl, `https://tunnel.example/hooks/${repository.id}`);
  assert.deepEqual(gitlab.hooks.map((h) => [decodeURIComponent(h.project), h.url]), [['platform/sub/hooked', added.hookUrl]]);

  // GitLab answers 403 when the token lost its api scope or its user is not a Maintainer.
  const token = gitlab.tokens.find((t) => t.token === pat) as { scopes: string[] } | undefined;
  const scopes = token?.scopes ?? [];
  if (token) token.scopes = ['read_api'];
  const refused = await core.call('triggers:registerGitlabHook', { repositoryId: repository.id, publicUrl: 'https://tunnel.example' });
  assert.equal(refused.ok, false);
  assert.match(refused.ok ? '' : `${refused.error.message} ${refused.error.hint ?? ''}`, /api scope and the Maintainer role/);
  if (token) token.scopes = scopes;
  core.close();
});
