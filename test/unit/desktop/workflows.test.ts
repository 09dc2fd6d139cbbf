import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow, type WorkflowTemplate } from '@actions/workflow-parser';

const root = join(import.meta.dirname, '../../..');

/** GitHub's own workflow parser and schema (the one behind the Actions editor): errors as messages. */
async function load(name: string, content = readFileSync(join(root, '.github/workflows', name), 'utf8')): Promise<{ errors: string[]; template: WorkflowTemplate | null }> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (!parsed.value) return { errors, template: null };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return { errors: [...errors, ...(template.errors ?? []).map((e) => e.Message)], template };
}

const jobIds = (t: WorkflowTemplate | null) => (t?.jobs ?? []).map((j) => j.id.value);
const runs = (t: WorkflowTemplate | null, job: string): string =>
  JSON.stringify((t?.jobs.find((j) => j.id.value === job) as { steps?: unknown[] } | undefined)?.steps ?? []);

test('the parser catches a broken workflow (so a clean result means something)', async () => {
  const { errors } = await load('broken.yml', 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo\n');
  assert.ok(errors.length > 0);
  const { errors: badNeeds } = await load('needs.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nowhere\n    steps:\n      - run: echo\n');
  assert.ok(badNeeds.length > 0, 'a job needing a missing job is refused');
});

test('ci.yml validates and runs npm test on Linux on every push', async () => {
  const { errors, template } = await load('ci.yml');
  assert.deepEqual(errors, []);
  assert.deepEqual(jobIds(template), ['test']);
  assert.ok(template?.events.push !== undefined, 'runs on push');
  assert.match(runs(template, 'test'), /npm test/);
  assert.doesNotMatch(runs(template, 'test'), /test:electron/, 'no Electron binary in CI');
});

test('release.yml validates: packages on three systems, runs the Electron tests, then publishes', async () => {
  const { errors, template } = await load('release.yml');
  assert.deepEqual(errors, []);
  assert.deepEqual(jobIds(template), ['package', 'publish']);
  const publish = template?.jobs.find((j) => j.id.value === 'publish');
  assert.deepEqual(publish?.needs?.map((n) => n.value), ['package']);
  const text = readFileSync(join(root, '.github/workflows/release.yml'), 'utf8');
  for (const os of ['macos-', 'windows-', 'ubuntu-']) assert.ok(text.includes(`os: ${os}`), os);
  const steps = runs(template, 'package');
  const order = ['npm run package', 'cmd/registry@', 'npm run test:electron', 'upload-artifact'].map((s) => steps.indexOf(s));
  assert.ok(order.every((at) => at >= 0), `every step is there: ${order.join(',')}`);
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'package, start a registry, test, then upload');
});
