import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, quote } from '../../../src/shared/errors';
import { testCore } from '../../support/core';
import { ok, ruleBase } from '../../support/triggers';

// What a user typed (or a server said) comes back in messages quoted and escaped: a NUL cannot cut
// a message short, a newline cannot forge a second line, U+202E cannot reverse what follows.
const nul = '\u0000';
const rlo = '\u202e';
// eslint-disable-next-line no-control-regex -- finding raw control characters is what this checks
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

test('quote() wraps in double quotes and spells every control, bidi and invisible character as \\uXXXX', () => {
  assert.equal(quote('plain'), '"plain"');
  assert.equal(quote(`a${nul}b`), '"a\\u0000b"');
  assert.equal(quote(`invoice${rlo}fdp.exe`), '"invoice\\u202efdp.exe"');
  assert.equal(quote('two\nlines\ttab'), '"two\\nlines\\ttab"');
  assert.equal(quote('say "hi" \\ bye'), '"say \\"hi\\" \\\\ bye"');
  assert.equal(quote('\u0085\u2028\u2066\u200b\ufeff\u001b[31m'), '"\\u0085\\u2028\\u2066\\u200b\\ufeff\\u001b[31m"');
  assert.equal(quote(42), '"42"');
});

test('an AppError never carries a raw control or bidi character, quoted or not; a hint keeps its line breaks', () => {
  const error = new AppError('invalid_input', `bad ${rlo}name${nul}`, `line one\nline two ${rlo}`);
  assert.equal(error.message, 'bad \\u202ename\\u0000');
  assert.equal(error.hint, 'line one\nline two \\u202e');
});

test('calls echo input with NUL and U+202E quoted and escaped', async () => {
  const core = testCore();
  const message = async (channel: string, input: unknown): Promise<string> => {
    const reply = await core.call(channel, input);
    assert.equal(reply.ok, false, `${channel} should fail`);
    return reply.ok ? '' : reply.error.message + (reply.error.hint ?? '');
  };
  try {
    const name = `Team${nul}${rlo}gpj.exe`;
    await ok(core, 'registries:create', { name, endpoint: 'localhost:5000', username: '', insecure: true });
    const registry = (await ok(core, 'registries:list', {}))[0]!;
    const expectations: [string, unknown, string][] = [
      ['registries:create', { name, endpoint: 'localhost:5001', username: '', insecure: true }, 'A registry called "Team\\u0000\\u202egpj.exe" exists already.'],
      ['registries:create', { name: 'Other', endpoint: `evil${rlo}.example/x${nul}`, username: '', insecure: true }, '"evil\\u202e.example/x\\u0000" looks like a repository address'],
      ['registries:create', { name: 'Other', endpoint: `evil${rlo}.example`, username: '', insecure: true }, '"evil\\u202e.example" is not a registry address.'],
      ['dockerLogin:logout', { server: `r.example${nul}\n${rlo}`, tool: 'podman' }, 'Podman is not logged in to "r.example\\u0000\\n\\u202e".'],
      ['dockerLogin:logout', { server: `r.example${rlo}`, tool: 'docker' }, 'Docker is not logged in to "r.example\\u202e".'],
      [`registries:li${rlo}st`, {}, 'Slipway has no method called "registries:li\\u202est".'],
      ['registries:list', { [`x${rlo}${nul}`]: 1 }, 'Unknown field "x\\u202e\\u0000".'],
      ['registries:update', { id: registry.id, name: 'Local', [`a${nul}`]: 1, b: 2 }, 'Unknown fields "a\\u0000", "b".'],
    ];
    for (const [channel, input, expected] of expectations) {
      const got = await message(channel, input);
      assert.ok(got.includes(expected), `${channel}: ${JSON.stringify(got)} should include ${JSON.stringify(expected)}`);
      assert.doesNotMatch(got, unsafe);
    }
    const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'team' });
    const repository = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'app' });
    // Shared rule checks echo templates in their own words; the envelope still carries none of it raw.
    const rule = await message('rules:save', { repositoryId: repository.id, spec: { ...ruleBase, type: 'branch', source: 'main', tags: [{ template: `v1${rlo}${nul}` }] } });
    assert.match(rule, /\\u202e/);
    assert.doesNotMatch(rule, unsafe);
  } finally {
    core.close();
  }
});
