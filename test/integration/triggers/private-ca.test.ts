import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { Build } from '../../../src/shared/models/build';
import { call, rule } from '../../support/build-fixture';
import { makeServerCertificate, type TestCa } from '../../support/certs';
import { testCore } from '../../support/core';
import { ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { processesMentioning } from '../../support/processes';
import { startGitLabEmulator, type GitLabEmulator } from '../../support/providers/gitlab';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';
import { until } from '../../support/triggers';

// The VPC case: a self-managed GitLab whose API and git are served over HTTPS with a certificate from
// a private CA. The CA pasted at bind time must reach git too (fetch and ls-remote), not only the REST
// client: bind, watch, build.
const pat = 'glpat-private-ca-5150515051';
let ca: TestCa;
let gitlab: GitLabEmulator;
let git: GitServer;
let engine: TestEngine;
let registry: RunningRegistry;
let core: Core | undefined;

before(async () => {
  ca = makeServerCertificate(tempDir());
  const tls = { certPath: ca.certPath, keyPath: ca.keyPath };
  [gitlab, git, engine, registry] = await Promise.all([
    startGitLabEmulator({ tokens: [{ token: pat, scopes: ['api'] }], tls }),
    startGitServer({ username: 'oauth2', password: pat }, { tls }),
    testEngine(),
    startRegistry({ auth: 'htpasswd' }),
  ]);
  await ensureBusyboxImage(engine);
});
after(async () => {
  core?.close();
  await gitlab?.close();
  await git?.stop();
  await registry?.stop();
});

test('a GitLab bound with a private CA is watched over https, and a push builds and pushes from it', async () => {
  const dataDir = tempDir();
  core = testCore(dataDir, { DOCKER_CONFIG: dataDir, DOCKER_HOST: engine.host, SLIPWAY_SOURCES_HEALTH_MS: '3600000' }, { watchRemotes: true });
  await call(core, 'settings:update', { watchIntervalSeconds: 1 });
  const source = await call<{ id: string }>(core, 'sources:bindGitlab', { url: gitlab.url, username: 'alice', token: pat, caCertPem: ca.caPem });

  const cloneUrl = git.createRepo('platform/vpc-app');
  assert.match(cloneUrl, /^https:/);
  git.commit('platform/vpc-app', 'main', { Dockerfile: 'FROM local/busybox\nCOPY greeting.txt /greeting.txt\nRUN cat /greeting.txt\n', 'greeting.txt': 'first\n' });
  const user = registry.users[0];
  const reg = await call<{ id: string }>(core, 'registries:create', { name: 'vpc', endpoint: registry.host, insecure: true, username: user?.username ?? '', password: user?.password ?? '' });
  const namespace = await call<{ id: string }>(core, 'namespaces:create', { registryId: reg.id, name: 'team' });
  const repository = await call<{ id: string }>(core, 'repositories:create', {
    namespaceId: namespace.id,
    name: 'vpc-app',
    autoBuild: true,
    codeRepository: { provider: 'gitlab', sourceId: source.id, fullName: 'platform/vpc-app', cloneUrl },
  });
  await call(core, 'rules:save', { repositoryId: repository.id, spec: rule({ tags: [{ template: 'latest' }] }) });

  // The watcher's ls-remote trusts the bound CA: its first look succeeds.
  const first = await until(
    'the first look at the https remote',
    async () => {
      const [status] = await call<{ lastSuccessAt: string | null; lastError: string | null }[]>(core!, 'triggers:status', { repositoryId: repository.id });
      if (status?.lastError) throw new Error(`the watcher could not look: ${status.lastError}`);
      return status?.lastSuccessAt ? status : null;
    },
    30_000,
  );
  assert.equal(first.lastError, null);

  // A push is seen and built: the fetch trusts the same CA, and the image is pushed.
  // Unique per run: the shared engine would otherwise answer the RUN step from its cache.
  const greeting = `hello over a private CA ${randomBytes(6).toString('hex')}`;
  const commit = git.commit('platform/vpc-app', 'main', { 'greeting.txt': `${greeting}\n` });
  const queued = await until('the push to be built', async () => (await call<Build[]>(core!, 'builds:list', { repositoryId: repository.id })).find((b) => b.commit === commit), 30_000);
  const done = await core.builds.settled(queued.id);
  const log = (await call<{ lines: string[] }>(core, 'builds:log', { id: queued.id, limit: 10_000 })).lines.join('\n');
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${log}`);
  assert.ok(log.includes(greeting), 'the RUN step printed the pushed file');
  assert.deepEqual(done.tags.map((t) => t.tag), ['latest']);
  assert.match(done.tags[0]?.digest ?? '', /^sha256:/);

  // git reached the host only with the bound token, never in a URL.
  const basic = `Basic ${Buffer.from(`oauth2:${pat}`).toString('base64')}`;
  assert.ok(git.requests.length > 0 && git.requests.every((r) => r.authorization === basic && !r.url.includes(pat)));

  // The CA git read is the pasted one, private to this user inside the data folder.
  const caDir = join(dataDir, 'git-ca');
  assert.equal(statSync(caDir).mode & 0o777, 0o700);
  const files = readdirSync(caDir);
  assert.equal(files.length, 1);
  const caFile = join(caDir, files[0] ?? '');
  assert.equal(statSync(caFile).mode & 0o777, 0o600);
  assert.equal(readFileSync(caFile, 'utf8').trim(), ca.caPem.trim());
  // Closing stops the watcher's ls-remote in flight with it: no git is left running against the host.
  core.close();
  core = undefined;
  await until('the watcher’s git to be gone', () => processesMentioning(new URL(cloneUrl).host).length === 0, 3000);
});
