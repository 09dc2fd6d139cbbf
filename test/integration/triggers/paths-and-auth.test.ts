import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { lsRemote, mirrorKeyForUrl } from '../../../src/main/core/git';
import { startGitServer } from '../../support/git-server';
import { processesMentioning } from '../../support/processes';
import { RecordingEnqueuer } from '../../support/recording-enqueuer';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';
import { boundRepository, ok, ruleBase, sleep, until } from '../../support/triggers';

const login = { username: 'x-access-token', password: 'glpat-s3cr3t-7d1e0c9b2a' };
const server = await startGitServer(login);
after(() => server.stop());

test('path filters skip pushes that touch nothing relevant, and say so in the activity; the login never reaches a URL or a config file', async () => {
  const url = server.createRepo('acme/paths');
  server.commit('acme/paths', 'main', { Dockerfile: 'FROM busybox\n', 'src/app.ts': 'one', 'docs/guide.md': 'guide' });
  const enqueuer = new RecordingEnqueuer();
  const dir = tempDir();
  const asked: string[] = [];
  const core = testCore(dir, undefined, {
    enqueuer,
    gitCredentials: {
      credentialFor: async (sourceId) => {
        asked.push(sourceId);
        return login;
      },
    },
  });
  await ok(core, 'settings:update', { watchIntervalSeconds: 1 });
  const { repository, ruleIds } = await boundRepository(
    core,
    url,
    [
      { ...ruleBase, type: 'branch', source: 'main', includedPaths: ['src/**', 'Dockerfile'], ignoredPaths: ['**/*.md'] },
      { ...ruleBase, type: 'branch', source: 'main', tags: [{ template: 'docs' }], includedPaths: ['docs/'] },
    ],
    'source-1',
  );
  const [code, docs] = ruleIds;
  await until('the first look', async () => (await ok(core, 'triggers:status', { repositoryId: repository.id }))[0]?.lastSuccessAt);

  const onlyDocs = server.commit('acme/paths', 'main', { 'docs/guide.md': 'guide v2', 'src/notes.md': 'ignored', 'notes.txt': 'not built' });
  await enqueuer.waitFor(1);
  await sleep(1500);
  assert.deepEqual(enqueuer.builds.map((b) => [b.request.ruleId, b.request.commit]), [[docs, onlyDocs]]);
  const skipped = (await ok(core, 'activity:list', { subject: repository.id })).find((a) => a.kind === 'trigger.skip');
  assert.match(skipped?.message ?? '', /Branch main moved \w{7} → \w{7} \(remote watcher\): rule “branch main” skipped — no changed file is under src\/\*\*, Dockerfile/);

  const code1 = server.commit('acme/paths', 'main', { 'src/app.ts': 'two' });
  await enqueuer.waitFor(2);
  await sleep(1500);
  assert.deepEqual(enqueuer.builds.slice(1).map((b) => [b.request.ruleId, b.request.commit]), [[code, code1]]);
  const docsSkip = (await ok(core, 'activity:list', { subject: repository.id })).find((a) => a.kind === 'trigger.skip');
  assert.match(docsSkip?.message ?? '', /no changed file is under docs\//);

  assert.ok(asked.length > 0 && asked.every((s) => s === 'source-1'));
  assert.ok(server.requests.length > 0);
  for (const r of server.requests) {
    assert.equal(r.url.includes(login.password), false);
    assert.equal(r.authorization, `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`);
  }
  const mirrors = join(dir, 'mirrors');
  // The builds' mirror of this URL: path filters and builds share it.
  const [mirror] = readdirSync(mirrors);
  assert.equal(mirror, `${mirrorKeyForUrl(url)}.git`);
  assert.equal(readFileSync(join(mirrors, mirror, 'config'), 'utf8').includes(login.password), false);
  assert.equal(readFileSync(join(mirrors, mirror, 'config'), 'utf8').includes('extraheader'), false);
  core.close();
});

test('a wrong login is reported on the repository and retried later, not in a tight loop', async () => {
  const url = server.createRepo('acme/denied');
  server.commit('acme/denied', 'main', { Dockerfile: 'FROM busybox\n' });
  const core = testCore(tempDir(), undefined, { enqueuer: new RecordingEnqueuer(), gitCredentials: { credentialFor: async () => ({ username: 'x', password: 'wrong-password' }) } });
  await ok(core, 'settings:update', { watchIntervalSeconds: 1 });
  const { repository } = await boundRepository(core, url, [{ ...ruleBase, type: 'branch', source: 'main' }], 'source-2');
  const status = await until('the failure', async () => {
    const s = (await ok(core, 'triggers:status', { repositoryId: repository.id }))[0];
    return s?.lastError ? s : null;
  });
  assert.equal(status.failures, 1);
  assert.match(status.lastError ?? '', /Authentication failed|could not read|401/i);
  assert.ok(Date.parse(status.nextCheckAt ?? '') - Date.now() > 3000, 'the next check waits longer than the interval');
  const pollNow = await core.call('triggers:pollNow', { repositoryId: repository.id });
  assert.equal(pollNow.ok, true);
  const activity = await ok(core, 'activity:list', { subject: repository.id });
  assert.equal(activity.filter((a) => a.kind === 'trigger.error').length, 1, 'the same error is written once');
  assert.match(activity[0]?.message ?? '', /Could not check .*Trying again in \d+ s/);
  core.close();
});

test('while git runs, the login is in neither its arguments nor a URL: only in its environment', async () => {
  // A host that accepts and never answers keeps git running long enough to look at it.
  const held: ServerResponse[] = [];
  const stall = createServer((_req, res) => void held.push(res));
  await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
  const address = stall.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const secret = { username: 'bot', password: 'pw-argv-check-51c2e9' };
  const basic = Buffer.from(`${secret.username}:${secret.password}`).toString('base64');
  const running = lsRemote(`http://127.0.0.1:${port}/acme/slow.git`, { credential: secret, caCertPem: null }, { dataDir: tempDir(), timeoutMs: 3000 }).catch((e: unknown) => e);
  const gitProcesses = await until('git to be running', () => {
    const found = processesMentioning(`127.0.0.1:${port}`);
    return found.length > 0 ? found : null;
  });
  for (const p of gitProcesses) {
    const argv = p.argv.join(' ');
    assert.equal(argv.includes(secret.password) || argv.includes(basic), false, `argv of ${p.pid}: ${argv}`);
  }
  assert.ok(gitProcesses.some((p) => p.environ.includes(`Authorization: Basic ${basic}`)), 'the header travels in the environment');
  assert.ok(await running instanceof Error, 'the stalled host times out');
  for (const res of held) res.destroy();
  stall.closeAllConnections();
  await new Promise<void>((resolve) => stall.close(() => resolve()));
});
