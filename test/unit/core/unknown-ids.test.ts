import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Channel } from '../../../src/shared/contract';
import { testCore } from '../../support/core';
import { ok, ruleBase } from '../../support/triggers';

// Every call that names something by id answers not_found when nothing has that id: the renderer
// shows "it is gone, reload" for it, while "done" or "conflict" would mislead.
const unknown = 'no-such-id';
const calls: [Channel, unknown][] = [
  ['registries:update', { id: unknown, name: 'x' }],
  ['registries:delete', { id: unknown }],
  ['registries:test', { id: unknown }],
  ['namespaces:update', { id: unknown, autoCreateRepository: true }],
  ['namespaces:delete', { id: unknown }],
  ['namespaces:create', { registryId: unknown, name: 'team' }],
  ['repositories:get', { id: unknown }],
  ['repositories:create', { namespaceId: unknown, name: 'app' }],
  ['repositories:update', { id: unknown, summary: 'x' }],
  ['repositories:delete', { id: unknown }],
  ['tags:list', { repositoryId: unknown }],
  ['rules:list', { repositoryId: unknown }],
  ['rules:save', { repositoryId: unknown, spec: { ...ruleBase, type: 'branch', source: 'main' } }],
  ['rules:delete', { id: unknown }],
  ['rules:reorder', { repositoryId: unknown, ids: [] }],
  ['rules:reorder', { repositoryId: unknown, ids: ['a'] }],
  ['builds:get', { id: unknown }],
  ['builds:log', { id: unknown }],
  ['builds:start', { ruleId: unknown }],
  ['builds:cancel', { id: unknown }],
  ['builds:retry', { id: unknown }],
  ['builders:delete', { id: unknown }],
  ['webhooks:list', { repositoryId: unknown }],
  ['webhooks:update', { id: unknown, name: 'x' }],
  ['webhooks:delete', { id: unknown }],
  ['webhooks:history', { webhookId: unknown }],
  ['webhooks:redeliver', { deliveryId: unknown }],
  ['webhooks:test', { id: unknown }],
  ['sources:unbind', { id: unknown }],
  ['sources:check', { id: unknown }],
  ['sources:owners', { sourceId: unknown }],
  ['triggers:pollNow', { repositoryId: unknown }],
  ['triggers:hookInfo', { repositoryId: unknown }],
  ['triggers:setHookSecret', { repositoryId: unknown, secret: '' }],
];

test('every call naming an unknown id answers not_found', async () => {
  const core = testCore();
  try {
    const wrong: string[] = [];
    for (const [channel, input] of calls) {
      const reply = await core.call(channel, input);
      const got = reply.ok ? 'ok' : reply.error.code;
      if (got !== 'not_found') wrong.push(`${channel} ${JSON.stringify(input)} → ${got}${reply.ok ? '' : `: ${reply.error.message}`}`);
    }
    assert.deepEqual(wrong, []);
  } finally {
    core.close();
  }
});

test('reordering the rules of a known repository: a stale or foreign list is a conflict, the current one is applied', async () => {
  const core = testCore();
  try {
    const registry = await ok(core, 'registries:create', { name: 'Local', endpoint: 'localhost:5000', username: '', insecure: true });
    const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'team' });
    const [a, b] = [await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'a' }), await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'b' })];
    const rule = await ok(core, 'rules:save', { repositoryId: a.id, spec: { ...ruleBase, type: 'branch', source: 'main' } });
    const reply = await core.call('rules:reorder', { repositoryId: b.id, ids: [rule.id] });
    assert.equal(reply.ok ? 'ok' : reply.error.code, 'conflict', 'a rule of another repository, as rules:save says');
    const stale = await core.call('rules:reorder', { repositoryId: a.id, ids: [] });
    assert.equal(stale.ok ? 'ok' : stale.error.code, 'conflict', 'a known repository whose rules changed is still a conflict');
    assert.deepEqual((await ok(core, 'rules:reorder', { repositoryId: a.id, ids: [rule.id] })).map((r) => r.id), [rule.id]);
  } finally {
    core.close();
  }
});
