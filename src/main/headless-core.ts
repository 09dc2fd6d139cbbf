/**
 * The headless host's core, in its own chunk: the host reads it from disk only after it has printed
 * its address (issue 15), so the database, the preferences library and the services load while the
 * browser is already fetching the page.
 */
import { join } from 'node:path';
import { createCore, type Core } from './core';
import { createKeyFileVault } from './core/secrets/key-file-vault';
import { createFilePreferences } from './core/settings/file-preferences';
import { appVersion } from './version';

export function createHeadlessCore(dataDir: string): Core {
  return createCore({
    host: 'headless',
    version: appVersion,
    dataDir,
    vault: createKeyFileVault(join(dataDir, 'vault.key')),
    preferences: createFilePreferences(dataDir),
    log: (line) => console.error(line),
  });
}
