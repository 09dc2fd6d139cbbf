import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Core } from '../../../src/main/core';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';
import { ok } from '../../support/triggers';

// Everything Slipway keeps in its data folder is its user's alone, like vault.key always was.
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Writes to the database (a secret, so the vault key too) and the preferences. */
async function useEveryFile(core: Core): Promise<void> {
  await ok(core, 'settings:update', { concurrentBuilds: 3 });
  await ok(core, 'registries:create', { name: 'Local', endpoint: 'localhost:5000', username: 'alice', password: 'pw-123456', insecure: true });
}

function assertPrivate(dataDir: string): void {
  const files = ['slipway.db', 'slipway.db-wal', 'slipway.db-shm', 'preferences.json', 'vault.key'];
  for (const file of files) assert.ok(existsSync(join(dataDir, file)), `${file} exists`);
  assert.deepEqual(
    Object.fromEntries([['.', mode(dataDir)], ['logs', mode(join(dataDir, 'logs'))], ...files.map((f) => [f, mode(join(dataDir, f))])]),
    { '.': '700', logs: '700', ...Object.fromEntries(files.map((f) => [f, '600'])) },
  );
}

test('a fresh data folder: the folder is 0700, the database with its -wal and -shm, preferences and the key 0600', async () => {
  const dataDir = join(tempDir(), 'fresh');
  const core = testCore(dataDir);
  try {
    await useEveryFile(core);
    assertPrivate(dataDir);
  } finally {
    core.close();
  }
});

test('an existing folder left 0755 with 0644 files (an older version, or a umask) is tightened on start', async () => {
  const dataDir = tempDir();
  chmodSync(dataDir, 0o755);
  const first = testCore(dataDir);
  await useEveryFile(first);
  first.close();
  chmodSync(dataDir, 0o755);
  chmodSync(join(dataDir, 'logs'), 0o755);
  for (const file of readdirSync(dataDir)) if (!statSync(join(dataDir, file)).isDirectory()) chmodSync(join(dataDir, file), 0o644);

  const again = testCore(dataDir);
  try {
    await ok(again, 'settings:update', { concurrentBuilds: 4 });
    await ok(again, 'registries:list', {});
    assertPrivate(dataDir);
  } finally {
    again.close();
  }
});

test('a preferences write keeps the file 0600', async () => {
  const dataDir = tempDir();
  const core = testCore(dataDir);
  try {
    await ok(core, 'settings:update', { concurrentBuilds: 2 });
    chmodSync(join(dataDir, 'preferences.json'), 0o644);
    await ok(core, 'settings:update', { concurrentBuilds: 5 });
    assert.equal(mode(join(dataDir, 'preferences.json')), '600');
  } finally {
    core.close();
  }
});
