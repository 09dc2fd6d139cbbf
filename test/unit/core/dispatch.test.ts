import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCore } from '../../../src/main/core';
import { createKeyFileVault } from '../../../src/main/core/secrets/key-file-vault';
import { createPreferenceStore, type ConfLike } from '../../../src/main/core/settings/preferences';
import { join } from 'node:path';
import { defaultPreferences } from '../../../src/shared/models/settings';
import { tempDir } from '../../support/temp';

function core(backend: ConfLike = { path: '/memory', store: {} }) {
  const dir = tempDir();
  const c = createCore({ host: 'headless', version: '9.9.9', dataDir: dir, vault: createKeyFileVault(join(dir, 'vault.key')), preferences: createPreferenceStore(backend), env: { DOCKER_CONFIG: dir, DOCKER_HOST: `unix://${join(dir, 'no.sock')}` } });
  return c;
}

test('a call returns the contract-shaped result', async () => {
  const c = core();
  const info = await c.call('app:info', {});
  assert.equal(info.ok, true);
  if (info.ok) assert.equal((info.result as { version: string }).version, '9.9.9');
  c.close();
});

test('unknown channels and invalid input come back as envelopes', async () => {
  const c = core();
  assert.deepEqual(await c.call('nope:nothing', {}).then((r) => (r.ok ? 'ok' : r.error.code)), 'unknown_method');
  const bad = await c.call('settings:update', { concurrentBuilds: 'two' });
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.error.code, 'invalid_input');
    assert.match(bad.error.message, /^concurrentBuilds: /);
    assert.ok(bad.error.hint);
  }
  const extra = await c.call('settings:update', { concurrentBuilds: 2, surprise: true });
  assert.equal(extra.ok, false);
  c.close();
});

test('settings:update emits settings:changed to every subscriber', async () => {
  const c = core();
  const seen: unknown[] = [];
  c.bus.subscribe((m) => seen.push(m));
  await c.call('settings:update', { concurrentBuilds: 4 });
  assert.deepEqual(seen, [{ event: 'settings:changed', payload: { ...defaultPreferences, concurrentBuilds: 4 } }]);
  c.close();
});

test('fields the contract does not declare never leave main', async () => {
  // A backend that returns a stray secret next to the preferences.
  const c = core({ path: '/memory', store: { concurrentBuilds: 3, password: 'p4ss' } });
  const result = await c.call('settings:get', {});
  assert.equal(JSON.stringify(result).includes('p4ss'), false);
  c.close();
});

test('an unexpected error crosses as a generic internal envelope without its detail', async () => {
  const backend: ConfLike = {
    path: '/memory',
    get store(): Record<string, unknown> {
      throw new Error('disk says token=abc123');
    },
    set store(_v) {},
  };
  const c = core(backend);
  const result = await c.call('settings:get', {});
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.equal(result.error.code, 'internal');
    assert.equal(JSON.stringify(result).includes('abc123'), false);
  }
  c.close();
});
