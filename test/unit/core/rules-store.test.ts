import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { Channel, MethodInput, MethodOutput } from '../../../src/shared/contract';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';

async function ok<C extends Channel>(core: Core, channel: C, input: MethodInput<C>): Promise<MethodOutput<C>> {
  const r = await core.call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.result as MethodOutput<C>;
}

async function repo(core: Core) {
  const reg = await ok(core, 'registries:create', { name: 'R', endpoint: 'localhost:5000', insecure: true });
  const ns = await ok(core, 'namespaces:create', { registryId: reg.id, name: 'acme' });
  return ok(core, 'repositories:create', { namespaceId: ns.id, name: 'app' });
}

const base = { type: 'branch' as const, source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [] };

test('rules are saved in order, reordered, and deleted', async () => {
  const core = testCore();
  const r = await repo(core);
  const a = await ok(core, 'rules:save', { repositoryId: r.id, spec: base });
  const b = await ok(core, 'rules:save', { repositoryId: r.id, spec: { ...base, type: 'tag', source: 'v(?<v>.+)', isRegex: true, tags: [{ template: '${v}' }] } });
  assert.deepEqual((await ok(core, 'rules:list', { repositoryId: r.id })).map((x) => x.id), [a.id, b.id]);
  assert.equal(a.spec.contextDir, '/');
  assert.equal(a.spec.dockerfile, 'Dockerfile');
  assert.equal(a.spec.anchored, true);
  assert.deepEqual((await ok(core, 'rules:reorder', { repositoryId: r.id, ids: [b.id, a.id] })).map((x) => x.id), [b.id, a.id]);
  const stale = await core.call('rules:reorder', { repositoryId: r.id, ids: [a.id] });
  assert.equal(stale.ok ? 'ok' : stale.error.code, 'conflict');
  await ok(core, 'rules:delete', { id: b.id });
  assert.deepEqual((await ok(core, 'rules:list', { repositoryId: r.id })).map((x) => x.id), [a.id]);
  core.close();
});

test('an invalid rule is refused at save with the field and the exact reason', async () => {
  const core = testCore();
  const r = await repo(core);
  const result = await core.call('rules:save', { repositoryId: r.id, spec: { ...base, source: 'release-(?<imageTag>\\w*)', isRegex: true, tags: [{ template: '${version}' }, { template: 'a:b' }] } });
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.equal(result.error.code, 'invalid_input');
    assert.equal(result.error.message, 'tags[0].template: Unknown group ${version}: the pattern defines imageTag.');
    assert.match(result.error.hint ?? '', /1 more problem/);
    // The editor words the same refusal in the reader's language, beside the field it names.
    const zh = createTranslator('zh-CN');
    assert.ok(result.error.phrase && result.error.hintPhrase);
    assert.equal(zh.word(result.error.phrase), 'tags[0].template：未知分组 ${version}：该模式定义的分组为 imageTag。');
    assert.equal(zh.word(result.error.hintPhrase), '这条规则还有 1 个问题，编辑器已逐一标出对应字段。');
  }
  assert.deepEqual(await ok(core, 'rules:list', { repositoryId: r.id }), []);
  core.close();
});

test('secret build parameters live in the vault, are never returned, and survive an edit', async () => {
  const dir = tempDir();
  const core = testCore(dir);
  const r = await repo(core);
  const secret = 'npm-token-5be1f2a9c3d4';
  const saved = await ok(core, 'rules:save', { repositoryId: r.id, spec: { ...base, buildArgs: [{ key: 'NPM_TOKEN', value: secret, secret: true }, { key: 'MODE', value: 'prod', secret: false }] } });
  assert.deepEqual(saved.spec.buildArgs, [{ key: 'NPM_TOKEN', value: '', secret: true, hasValue: true }, { key: 'MODE', value: 'prod', secret: false }]);
  // An edit that leaves the secret empty keeps it.
  const edited = await ok(core, 'rules:save', { repositoryId: r.id, id: saved.id, spec: { ...base, source: 'develop', buildArgs: [{ key: 'NPM_TOKEN', value: '', secret: true }] } });
  assert.equal(edited.spec.buildArgs[0]?.hasValue, true);
  assert.equal(JSON.stringify(await ok(core, 'rules:list', { repositoryId: r.id })).includes(secret), false);
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  assert.equal(readFileSync(join(dir, 'slipway.db')).includes(Buffer.from(secret)), false);
  assert.equal(core.db.prepare('SELECT count(*) FROM secrets').pluck().get(), 1);
  await ok(core, 'rules:delete', { id: saved.id });
  assert.equal(core.db.prepare('SELECT count(*) FROM secrets').pluck().get(), 0, 'deleting the rule forgets its secrets');
  core.close();
});
