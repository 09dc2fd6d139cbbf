import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RegistryClient } from '../../../src/main/core/registries';
import type { Channel, MethodInput, MethodOutput } from '../../../src/shared/contract';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { testCore } from '../../support/core';
import { pushImage, pushIndex } from '../../support/images';
import { startRegistry, type RunningRegistry } from '../../support/registry';

// The whole path a user takes: a registry saved in Slipway, tested and listed through the contract.
let registry: RunningRegistry;
const core = testCore();
before(async () => (registry = await startRegistry({ auth: 'htpasswd', tls: true })));
after(async () => {
  await registry.stop();
  core.close();
});

async function ok<C extends Channel>(channel: C, input: MethodInput<C>): Promise<MethodOutput<C>> {
  const r = await core.call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.result as MethodOutput<C>;
}

test('Test connection tells a wrong password from a right one, through the contract', async () => {
  const user = registry.users[0];
  assert.ok(user);
  const wrong = await ok('registries:create', { name: 'Wrong', endpoint: registry.host, caCertPem: registry.caCertPem, username: user.username, password: 'not-it-7731' });
  const report = await ok('registries:test', { id: wrong.id });
  assert.equal(report.ok, false);
  assert.equal(report.code, 'unauthorized');
  assert.match(report.hint ?? '', /registry's password/);
  assert.equal(JSON.stringify(report).includes('not-it-7731'), false);

  const noCa = await ok('registries:create', { name: 'No CA', endpoint: registry.host, username: user.username, password: user.password });
  const tls = await ok('registries:test', { id: noCa.id });
  assert.equal(tls.code, 'tls');

  const right = await ok('registries:update', { id: noCa.id, caCertPem: registry.caCertPem });
  const good = await ok('registries:test', { id: right.id });
  assert.deepEqual(good, { ok: true, authKind: 'basic', message: 'Connected: logged in (Basic).', phrase: { key: 'registries.test.connected', params: { auth: 'basic' } } });
  // The report carries what the renderer words in the reader's language, the refusal included.
  const chinese = createTranslator('zh-CN');
  assert.equal(chinese.word(good.phrase ?? ''), '已连接：已登录（Basic）。');
  assert.equal(report.phrase?.key, 'registries.errors.wrongLogin');
  assert.match(chinese.word(report.hintPhrase ?? ''), /访问令牌/);
});

test('the Image Tag list shows what the registry holds, with platforms and a pull command', async () => {
  const user = registry.users[0];
  assert.ok(user);
  const reg = await ok('registries:create', { name: 'Tags', endpoint: registry.host, caCertPem: registry.caCertPem, username: user.username, password: user.password });
  const ns = await ok('namespaces:create', { registryId: reg.id, name: 'alice' });
  const repo = await ok('repositories:create', { namespaceId: ns.id, name: 'tool' });
  assert.deepEqual(await ok('tags:list', { repositoryId: repo.id }), []);

  const client = new RegistryClient({ host: registry.host, insecure: false, caCertPem: registry.caCertPem as string }, { username: user.username, secret: user.password });
  const single = await pushImage(client, 'alice/tool', 'v1');
  const multi = await pushIndex(client, 'alice/tool', 'v2', [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
  ]);
  const tags = await ok('tags:list', { repositoryId: repo.id });
  const byTag = new Map(tags.map((t) => [t.tag, t]));
  assert.equal(byTag.get('v1')?.digest, single.digest);
  assert.deepEqual(byTag.get('v1')?.platforms, ['linux/amd64']);
  assert.equal(byTag.get('v2')?.digest, multi.digest);
  assert.deepEqual(byTag.get('v2')?.platforms, ['linux/amd64', 'linux/arm64']);
  assert.equal(byTag.get('v2')?.pullCommand, `docker pull ${registry.host}/alice/tool:v2`);
});
