import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sourceAdapter } from '../../../src/main/core/builds/source-adapter';
import { testCore } from '../../support/core';
import { startGitServer, type GitServer } from '../../support/git-server';
import { startGitLabEmulator, type GitLabEmulator } from '../../support/providers/gitlab';
import { tempDir } from '../../support/temp';
import { baseEnv, caller } from './helpers';

// The seam builds use: a bound GitLab account's token reaches git (as oauth2:<PAT>) at fetch time only.
const pat = 'glpat-git-fetch-9999999999';
let gitlab: GitLabEmulator;
let git: GitServer;
const dataDir = tempDir();
const core = testCore(dataDir, baseEnv(dataDir));

before(async () => {
  gitlab = await startGitLabEmulator({ tokens: [{ token: pat, scopes: ['api'] }] });
  git = await startGitServer({ username: 'oauth2', password: pat });
});
after(async () => {
  core.close();
  await gitlab?.close();
  await git?.stop();
});

test('a build fetches a private repository with the bound account’s token, which never rides in a URL', async () => {
  const source = await caller(core).ok('sources:bindGitlab', { url: gitlab.url, username: 'alice', token: pat });
  const cloneUrl = git.createRepo('platform/app');
  const commit = git.commit('platform/app', 'main', { Dockerfile: 'FROM scratch\n' }, 'first');
  const adapter = sourceAdapter(core.git);
  const ref = { provider: 'gitlab' as const, sourceId: source.id, fullName: 'platform/app', cloneUrl };
  const fetched = await adapter.fetch(ref, { ref: { kind: 'branch', name: 'main' } }, new AbortController().signal);
  assert.equal(fetched.commit, commit);
  assert.ok(git.requests.some((r) => r.authorization === `Basic ${Buffer.from(`oauth2:${pat}`).toString('base64')}`));
  assert.equal(git.requests.some((r) => r.url.includes(pat)), false);

  // Unbound: git gets no credential and the private repository refuses.
  await caller(core).ok('sources:unbind', { id: source.id });
  const after = sourceAdapter(core.git);
  await assert.rejects(after.fetch(ref, { ref: { kind: 'branch', name: 'main' } }, new AbortController().signal));
});
