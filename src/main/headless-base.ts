/**
 * The headless host's first stage, in its own chunk: the database, the stores and the reads they
 * answer (core/base.ts). The host reads it once the page's first frame is painted and answers the
 * page's first reads with it; the services come after, from headless-core.ts (issue 15).
 */
import { join } from 'node:path';
import { openCoreBase, type CoreBase } from './core/base';
import { createPartialDispatch, type Dispatch } from './core/dispatch';
import { createKeyFileVault } from './core/secrets/key-file-vault';
import { createFilePreferences } from './core/settings/file-preferences';
import { appVersion } from './version';

export function openHeadlessBase(dataDir: string): { readonly base: CoreBase; readonly reads: ReadonlySet<string>; readonly read: Dispatch } {
  const log = (line: string): void => console.error(line);
  const base = openCoreBase({
    host: 'headless',
    version: appVersion,
    dataDir,
    vault: createKeyFileVault(join(dataDir, 'vault.key')),
    preferences: createFilePreferences(dataDir),
    log,
  });
  const read = createPartialDispatch(base.reads, {
    onInternalError: (channel, error) => log(`${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  return { base, reads: new Set(Object.keys(base.reads)), read };
}

/**
 * The reads pages start with, asked once with the smallest inputs while the host waits for the
 * page's own: their first run compiles the code they go through (the dispatch, zod's parse of the
 * models, SQLite's statements), ~30 ms here, which the page's first calls otherwise waited for
 * (issue 15). One read per turn, so a request that arrives goes first, and none once the page's own
 * calls have come (`done`): they do the compiling then. Answers are dropped; a failure here is the
 * page's to meet and report.
 */
export async function warmReads(read: Dispatch, done: () => boolean): Promise<void> {
  const reads: readonly [string, unknown][] = [
    ['settings:get', {}],
    ['sources:list', {}],
    ['registries:list', {}],
    ['repositories:list', {}],
    ['builds:page', { limit: 1 }],
  ];
  for (const [channel, input] of reads) {
    await new Promise((resolve) => setImmediate(resolve));
    if (done()) return;
    await read(channel, input);
  }
}
