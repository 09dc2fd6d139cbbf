import { join } from 'node:path';
import { createCore, type Core, type CorePorts } from '../../src/main/core';
import { createKeyFileVault } from '../../src/main/core/secrets/key-file-vault';
import { createFilePreferences } from '../../src/main/core/settings/file-preferences';
import type { EnvironmentLike } from '../../src/main/core/docker/endpoint';
import { tempDir } from './temp';

/** A real core over a temporary data folder, as the headless host builds it. */
export function testCore(dataDir: string = tempDir(), env?: EnvironmentLike, extra: Pick<CorePorts, 'enqueuer' | 'gitCredentials' | 'watchRemotes'> = {}): Core {
  return createCore({
    // The remote watcher would turn a test's own pushes into extra builds: it runs where a test
    // asks for it, or records builds with its own enqueuer.
    watchRemotes: extra.enqueuer !== undefined,
    ...extra,
    host: 'headless',
    version: '0.0.0-test',
    dataDir,
    vault: createKeyFileVault(join(dataDir, 'vault.key')),
    preferences: createFilePreferences(dataDir),
    env: env ?? { DOCKER_CONFIG: dataDir, DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}` },
  });
}
