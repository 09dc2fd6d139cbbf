// The whole test suite, in the order that fails fastest: types, lint, then node's test runner over
// unit, integration and browser tests in one run, closing with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(label, command, args) {
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status ?? 1;
}

function testFiles(dir) {
  let found = [];
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found = found.concat(testFiles(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const requested = process.argv.slice(2);
for (const [label, args] of [
  ['typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', ['eslint', '.']],
]) {
  if (requested.length === 0 && run(label, 'npx', ['--no-install', ...args]) !== 0) {
    console.error(`${label} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const roots = requested.length > 0 ? requested : ['test/unit', 'test/integration', 'test/e2e', 'test/bench'];
const files = roots.flatMap((r) => (r.endsWith('.ts') ? [r] : testFiles(r))).sort();
const tap = join(mkdtempSync(join(tmpdir(), 'slipway-tap-')), 'results.tap');
// One file at a time: browser and service tests start real processes, and the machine has 2 cores.
const status = run(`tests (${files.length} files)`, 'npx', [
  '--no-install', 'tsx', '--test', '--test-concurrency=1',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`,
  ...files,
]);
const summary = readFileSync(tap, 'utf8');
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(summary)?.[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
console.log(`\n${passed} passed, ${failed} failed${count('skipped') ? `, ${count('skipped')} skipped` : ''}`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
