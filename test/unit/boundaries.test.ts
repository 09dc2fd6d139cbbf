import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

// The folder boundaries are lint rules; these cases prove the rules bite, not just that they exist.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const cases: { file: string; code: string; allowed: boolean }[] = [
  { file: 'src/shared/example.ts', code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", allowed: false },
  { file: 'src/shared/example.ts', code: "import { app } from 'electron';\nexport const x = app;\n", allowed: false },
  { file: 'src/shared/example.ts', code: "import { z } from 'zod';\nexport const x = z.string();\n", allowed: true },
  { file: 'src/main/core/example.ts', code: "import { app } from 'electron';\nexport const x = app;\n", allowed: false },
  { file: 'src/main/core/example.ts', code: "import { createSafeStorageVault } from '../electron/safe-storage-vault';\nexport const x = createSafeStorageVault;\n", allowed: false },
  { file: 'src/main/core/example.ts', code: "import { join } from 'node:path';\nexport const x = join;\n", allowed: true },
  { file: 'src/renderer/src/example.ts', code: "import { join } from 'node:path';\nexport const x = join;\n", allowed: false },
  { file: 'src/renderer/src/example.ts', code: "import { createCore } from '../../main/core';\nexport const x = createCore;\n", allowed: false },
  { file: 'src/renderer/src/example.ts', code: "import type { Channel } from '../../shared/contract';\nexport type X = Channel;\n", allowed: true },
  { file: 'src/main/host/example.ts', code: "import { app } from 'electron';\nexport const x = app;\n", allowed: false },
  { file: 'src/main/core/example.ts', code: "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n", allowed: false },
  // Issue 12: feature code goes through the data layer's hooks, never the client.
  { file: 'src/renderer/src/features/x/Example.tsx', code: "import { useClient } from '../../api/context';\nexport const x = useClient;\n", allowed: false },
  { file: 'src/renderer/src/features/x/Example.tsx', code: "import type { Client } from '../../api/client';\nexport const load = (client: Client) => client.call('registries:list', {});\n", allowed: false },
  { file: 'src/renderer/src/features/x/Example.tsx', code: "export const load = (props: { client: { on(e: string, f: () => void): void } }) => props.client.on('builds:log', () => undefined);\n", allowed: false },
  { file: 'src/renderer/src/features/x/Example.tsx', code: "export const ask = () => window.confirm('Delete?');\n", allowed: false },
  { file: 'src/renderer/src/features/x/Example.tsx', code: "import { join } from 'node:path';\nexport const x = join;\n", allowed: false },
  { file: 'src/renderer/src/features/x/Example.tsx', code: "import { useContractQuery } from '../../api/hooks';\nexport const useList = () => useContractQuery('registries:list', {});\n", allowed: true },
  // The api/ folder itself is where the client is used.
  { file: 'src/renderer/src/api/example.ts', code: "import type { Client } from './client';\nexport const load = (client: Client) => client.call('registries:list', {});\n", allowed: true },
];

for (const c of cases) {
  test(`${c.allowed ? 'allows' : 'refuses'} in ${c.file}: ${c.code.split('\n')[0]}`, async () => {
    const ids = await ruleIds(c.file, c.code);
    const restricted = ids.filter((id) => id === 'no-restricted-imports' || id === 'no-restricted-syntax');
    if (c.allowed) assert.deepEqual(ids, []);
    else assert.ok(restricted.length > 0, `expected a boundary error, got ${JSON.stringify(ids)}`);
  });
}
