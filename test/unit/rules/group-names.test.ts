import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSpecSchema, type RuleSpecInput } from '../../../src/shared/models/rule';
import { compilePattern, renderTags, validateRule } from '../../../src/shared/rules';

// Group names are the user's: one called like an object's own machinery is a group like any other.
const spec = (source: string, template: string) =>
  ruleSpecSchema.parse({ type: 'branch', source, isRegex: true, tags: [{ template }], architectures: ['linux/amd64'], buildArgs: [] } satisfies RuleSpecInput);

for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
  test(`a named group "${name}" fills \${${name}} with what it matched`, () => {
    const rule = spec(`release-(?<${name}>[a-z0-9]+)`, `v-\${${name}}`);
    assert.deepEqual(validateRule(rule), []);
    const compiled = compilePattern(rule);
    assert.ok(compiled.ok);
    const match = compiled.test({ type: 'branch', name: 'release-abc' });
    assert.ok(match);
    assert.deepEqual(renderTags(rule, match, { commitId: 'c'.repeat(40), time: new Date(0) }), { ok: true, tags: ['v-abc'] });
  });
}

test('a template naming a prototype member the pattern does not define renders nothing for it', () => {
  const rule = spec('release-(?<version>[a-z0-9]+)', 'v-${version}');
  const compiled = compilePattern(rule);
  assert.ok(compiled.ok);
  const match = compiled.test({ type: 'branch', name: 'release-abc' });
  assert.ok(match);
  assert.deepEqual(renderTags({ ...rule, tags: [{ template: 'v${toString}${constructor}-${version}' }] }, match, { commitId: 'c'.repeat(40), time: new Date(0) }), { ok: true, tags: ['v-abc'] });
});
