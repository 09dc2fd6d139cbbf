import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSpecSchema, type RuleSpecInput } from '../../../src/shared/models/rule';
import { validateRule } from '../../../src/shared/rules';

const spec = (input: Partial<RuleSpecInput>) =>
  ruleSpecSchema.safeParse({ type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [], ...input });

const problems = (input: Partial<RuleSpecInput>) => {
  const parsed = spec(input);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  return validateRule(parsed.data);
};

test('a rule without a test stays valid, and each kind of test is accepted as written', () => {
  assert.deepEqual(problems({}), []);
  assert.equal(spec({}).data?.test, undefined);
  assert.deepEqual(problems({ test: { kind: 'command', command: './run-tests.sh --fast' } }), []);
  assert.deepEqual(problems({ test: { kind: 'stage', stage: 'test' } }), []);
  assert.deepEqual(problems({ test: { kind: 'stage', stage: 'unit-tests', command: 'make check' } }), []);
  assert.deepEqual(problems({ test: { kind: 'compose' } }), []);
  assert.deepEqual(spec({ test: { kind: 'stage', stage: 'test', command: 'make check' } }).data?.test, { kind: 'stage', stage: 'test', command: 'make check' });
});

test('the schema refuses a test of an unknown kind or without its field', () => {
  assert.equal(spec({ test: { kind: 'script', command: 'x' } as never }).success, false);
  assert.equal(spec({ test: { kind: 'command' } as never }).success, false);
  assert.equal(spec({ test: { kind: 'stage' } as never }).success, false);
  assert.equal(spec({ test: { kind: 'command', command: 'x'.repeat(4097) } }).success, false);
});

test('an empty command and a stage name FROM … AS cannot take are problems on the test’s field', () => {
  assert.deepEqual(problems({ test: { kind: 'command', command: '  ' } }).map((p) => p.field), ['test.command']);
  assert.deepEqual(problems({ test: { kind: 'stage', stage: '' } }).map((p) => p.field), ['test.stage']);
  assert.deepEqual(problems({ test: { kind: 'stage', stage: 'my stage' } }).map((p) => p.field), ['test.stage']);
  assert.deepEqual(problems({ test: { kind: 'stage', stage: '1st' } }).map((p) => p.field), ['test.stage']);
});
