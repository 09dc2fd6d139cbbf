import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { importDockerHubRules } from '../../../src/shared/rules/dockerhub';
import { testCore } from '../../support/core';
import { parseHcl } from '../../support/hcl';
import { ok } from '../../support/triggers';

const core = testCore();
after(() => core.close());

test('Docker Hub rules pasted, saved through the contract, exported as a workflow and a bake file that parse', async () => {
  const registry = await ok(core, 'registries:create', { name: 'Hub', endpoint: 'docker.io', username: 'alice', password: 'hub-password-1' });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'alice' });
  const repository = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'web' });

  const pasted = importDockerHubRules('Branch\tmaster\tlatest\tDockerfile\t/\nTag\t/^v([0-9.]+)$/\t{\\1},release-{sourceref}\tDockerfile.prod\t/app');
  assert.deepEqual(pasted.problems, []);
  for (const r of pasted.rules) await ok(core, 'rules:save', { repositoryId: repository.id, spec: r.spec });

  const workflow = await ok(core, 'repositories:export', { id: repository.id, format: 'github-actions' });
  assert.equal(workflow.filename, 'build-web.yml');
  const parsed = parseWorkflow({ name: workflow.filename, content: workflow.content }, new NoOperationTraceWriter());
  assert.deepEqual(parsed.context.errors.getErrors().map((e) => e.message), []);
  assert.match(workflow.content, /images: "docker\.io\/alice\/web"/);
  assert.equal(workflow.content.includes('hub-password-1'), false, 'the registry password stays in Slipway');

  const bake = await ok(core, 'repositories:export', { id: repository.id, format: 'bake' });
  const hcl = parseHcl(bake.content);
  assert.ok(hcl.value, JSON.stringify(hcl.error));
  assert.deepEqual(hcl.value.target?.['rule-2']?.[0]?.tags, ['${IMAGE}:${regex("^v([0-9.]+)$", SOURCE_REF)[0]}', '${IMAGE}:release-${SOURCE_REF}']);
  assert.equal(hcl.value.target?.['rule-2']?.[0]?.context, './app');
});

test('exporting an unknown repository is not-found; one without rules says to add one', async () => {
  const missing = await core.call('repositories:export', { id: 'nope', format: 'bake' });
  assert.equal(missing.ok ? 'ok' : missing.error.code, 'not_found');
  const registry = await ok(core, 'registries:create', { name: 'Empty', endpoint: 'localhost:5999', username: 'bob', password: 'x-password' });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'bob' });
  const repository = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'empty' });
  const empty = await core.call('repositories:export', { id: repository.id, format: 'github-actions' });
  assert.ok(!empty.ok);
  assert.match(empty.error.message, /no build rules/);
  assert.match(empty.error.hint ?? '', /Add a build rule/);
});
