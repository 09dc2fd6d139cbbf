import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { completeCore, type CorePorts } from '../../../src/main/core';
import { openCoreBase, type ReadChannel } from '../../../src/main/core/base';
import { createPartialDispatch } from '../../../src/main/core/dispatch';
import { createKeyFileVault } from '../../../src/main/core/secrets/key-file-vault';
import { createPreferenceStore } from '../../../src/main/core/settings/preferences';
import { tempDir } from '../../support/temp';

function ports(dir: string): CorePorts {
  return { host: 'headless', version: '9.9.9', dataDir: dir, vault: createKeyFileVault(join(dir, 'vault.key')), preferences: createPreferenceStore({ path: '/memory', store: {} }), env: { DOCKER_CONFIG: dir, DOCKER_HOST: `unix://${join(dir, 'no.sock')}` } };
}

test('the base answers the first reads on its own, as the completed core does, and refuses the rest as unknown', async () => {
  const dir = tempDir();
  const base = openCoreBase(ports(dir));
  const read = createPartialDispatch(base.reads);
  const reads: [ReadChannel, unknown][] = [
    ['app:info', {}],
    ['settings:get', {}],
    ['sources:list', {}],
    ['registries:list', {}],
    ['repositories:list', {}],
    ['builds:page', { limit: 50 }],
    ['builds:list', { limit: 5 }],
  ];
  const early = await Promise.all(reads.map(([channel, input]) => read(channel, input)));
  for (const [i, answer] of early.entries()) assert.equal(answer.ok, true, `${reads[i]![0]}: ${JSON.stringify(answer)}`);
  // Input is still checked at the door, and what needs a service is not answered here.
  const bad = await read('builds:page', { limit: 'fifty' });
  assert.equal(bad.ok ? 'ok' : bad.error.code, 'invalid_input');
  for (const channel of ['builds:start', 'app:update', 'builders:list', 'registries:create']) {
    const refused = await read(channel, {});
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'unknown_method', channel);
  }
  // The completed core is built on the same stores and bus, and answers the same reads alike.
  const core = completeCore(base);
  assert.equal(core.bus, base.bus);
  assert.equal(core.db, base.db);
  const later = await Promise.all(reads.map(([channel, input]) => core.call(channel, input)));
  assert.deepEqual(later, early);
  const created = await core.call('registries:create', { name: 'r', endpoint: '127.0.0.1:5000', insecure: true, username: '' });
  assert.equal(created.ok, true);
  const listed = await read('registries:list', {});
  assert.equal(listed.ok && (listed.result as unknown[]).length, 1);
  core.close();
});

test('the headless host’s first stage is built without the services: its chunks never import the core’s', () => {
  const chunks = 'out/main/chunks';
  assert.ok(existsSync(chunks), 'the app is built by `npm test` before the tests run');
  const files = readdirSync(chunks);
  const named = (prefix: string) => {
    const file = files.find((f) => f.startsWith(prefix) && f.endsWith('.js'));
    assert.ok(file, `no ${prefix} chunk`);
    return file;
  };
  const reached = (entry: string): Set<string> => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      // Static imports only: what loading this chunk loads.
      for (const m of readFileSync(join(chunks, file), 'utf8').matchAll(/^import\s[^;]*?from\s*"\.\/([\w.-]+\.js)"|^import\s*"\.\/([\w.-]+\.js)"/gm)) visit(m[1] ?? m[2]!);
    };
    visit(entry);
    return seen;
  };
  const first = reached(named('headless-base-'));
  const second = reached(named('headless-core-'));
  const servicesOnly = [...second].filter((file) => !first.has(file));
  assert.ok(servicesOnly.length > 0, 'the second stage has chunks of its own');
  const code = (set: Iterable<string>) => [...set].map((file) => readFileSync(join(chunks, file), 'utf8')).join('\n');
  // The build service, webhooks, code-source providers and the builder pool come with the second stage only.
  for (const marker of [/\bBuildService = class\b/, /\bWebhookService = class\b/, /\bCodeSources = class\b/, /\bfunction createBuilderPool\(/]) {
    assert.doesNotMatch(code(first), marker, `${marker} is read with the first stage`);
    assert.match(code(second), marker, `${marker} is missing from the second stage`);
  }
  // And the stores the first stage answers with are there.
  assert.match(code(first), /\bBuildStore = class\b/);
});
