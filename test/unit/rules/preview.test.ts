import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTranslator, inEnglish } from '../../../src/shared/i18n/translate';
import { ruleSpecSchema, type RuleSpec, type RuleSpecInput } from '../../../src/shared/models/rule';
import { compilePattern } from '../../../src/shared/rules';
import { exampleRefName } from '../../../src/shared/rules/example-ref';
import { parseRefs } from '../../../src/shared/rules/playground-refs';
import { exampleCommitId, previewRule } from '../../../src/shared/rules/preview';

const rule = (input: Partial<RuleSpecInput> = {}): RuleSpec =>
  ruleSpecSchema.parse({ type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [], ...input });
const time = new Date('2020-10-15T08:25:30Z');
const options = { time, commitId: 'd4ef3dc3b77a011a5779eec7efdd45c0ffee1234' };

describe('an example ref made up from a pattern', () => {
  const cases: [string, string | null][] = [
    ['release-(?<imageTag>\\w*)', 'release-v1'],
    ['v(?<version>\\d+\\.\\d+\\.\\d+)', 'v12.12.12'],
    ['feature/(\\w+)-(\\d+)', 'feature/v1-12'],
    ['(main|develop)', 'main'],
    ['release/[0-9]{4}-[a-z]+', 'release/0000-a'],
    ['(?:hot)?fix-(?<n>\\d{2,3})', 'hotfix-12'],
    ['x(?<=a)', null],
    ['(a)\\1', null],
  ];
  for (const [source, expected] of cases) {
    test(`/${source}/ → ${String(expected)}`, () => {
      const spec = { type: 'branch' as const, source, isRegex: true, anchored: true };
      const name = exampleRefName(spec);
      assert.equal(name, expected);
      const compiled = compilePattern(spec);
      if (name !== null) assert.ok(compiled.ok && compiled.test({ type: 'branch', name }), 'the example matches the pattern');
    });
  }
  test('a literal rule is its own example; an empty or broken pattern has none', () => {
    assert.equal(exampleRefName({ type: 'tag', source: 'v1.0', isRegex: false, anchored: true }), 'v1.0');
    assert.equal(exampleRefName({ type: 'branch', source: '', isRegex: true, anchored: true }), null);
    assert.equal(exampleRefName({ type: 'branch', source: '(', isRegex: true, anchored: true }), null);
  });
});

describe('the rule form preview', () => {
  test('the seeds’ example 2: named group, build time and commit id, for a made-up matching branch', () => {
    const spec = rule({ source: 'release-(?<imageTag>\\w*)', isRegex: true, tags: [{ template: '${imageTag}', buildTime: { format: 'yyyyMMddHHmm', timeZone: 'Asia/Shanghai' }, commitIdLength: 6 }] });
    const preview = previewRule(spec, options);
    assert.deepEqual(preview.ref, { type: 'branch', name: 'release-v1' });
    assert.equal(preview.refGuessed, true);
    assert.deepEqual(preview.tags, [{ index: 0, tag: 'v1-202010151625-d4ef3d' }]);
    assert.equal(preview.usesTime, true);
    assert.equal(preview.usesCommit, true);
  });

  test('a typed example ref fills the groups from it', () => {
    const spec = rule({ source: 'release-(?<imageTag>\\w*)', isRegex: true, tags: [{ template: '${imageTag}' }, { template: 'stable' }] });
    const preview = previewRule(spec, { ...options, exampleName: 'release-2024' });
    assert.equal(preview.refGuessed, false);
    assert.deepEqual(preview.tags, [{ index: 0, tag: '2024' }, { index: 1, tag: 'stable' }]);
  });

  test('a typed ref the pattern does not match says a push of it builds nothing', () => {
    const preview = previewRule(rule({ source: 'release-(?<imageTag>\\w*)', isRegex: true }), { ...options, exampleName: 'main' });
    assert.equal(preview.blocked?.kind, 'mismatch');
    assert.match(preview.blocked?.message ?? '', /“main” does not match this rule/);
    assert.deepEqual(preview.tags, []);
  });

  test('an invalid pattern blocks the preview with the pattern’s problem', () => {
    const preview = previewRule(rule({ source: 'release-(', isRegex: true }), options);
    assert.equal(preview.blocked?.kind, 'source');
    assert.match(preview.blocked?.message ?? '', /Not a valid regular expression/);
  });

  test('a pattern the sampler cannot satisfy asks for an example', () => {
    const preview = previewRule(rule({ source: 'x(?<=a)', isRegex: true }), options);
    assert.equal(preview.blocked?.kind, 'example');
  });

  test('each tag is shown or carries its own problem: the field’s, or one only rendering finds', () => {
    const spec = rule({ source: 'feature/(?<name>.+)', isRegex: true, tags: [{ template: '${version}' }, { template: '${name}' }, { template: 'ok' }] });
    const preview = previewRule(spec, { ...options, exampleName: 'feature/a/b' });
    const [unknown, rendered, ok] = preview.tags;
    assert.equal(unknown?.field, 'tags[0].template');
    assert.match(inEnglish(unknown?.problem ?? ''), /Unknown group \$\{version\}/);
    assert.equal(rendered?.field, undefined);
    assert.match(inEnglish(rendered?.problem ?? ''), /The tag “a\/b” contains “\/”/);
    assert.equal(createTranslator('zh-CN').word(rendered?.problem ?? ''), '镜像版本“a/b”包含“/”；镜像版本只能包含字母、数字、_ . -。');
    assert.deepEqual(ok, { index: 2, tag: 'ok' });
  });

  test('a literal rule previews its own name and no example note', () => {
    const preview = previewRule(rule({ tags: [{ template: 'latest' }] }), { ...options, commitId: exampleCommitId });
    assert.deepEqual(preview.ref, { type: 'branch', name: 'main' });
    assert.deepEqual(preview.tags, [{ index: 0, tag: 'latest' }]);
    assert.equal(preview.usesTime || preview.usesCommit, false);
  });
});

describe('playground refs', () => {
  test('typed refs get example commits, flagged; refs read from the repository keep their real commit', () => {
    const real = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
    const refs = parseRefs('branch main\ntag v1.0\nfeature-x', [{ type: 'branch', name: 'main', commit: real }, { type: 'branch', name: 'v1.0', commit: 'ffff' }]);
    assert.deepEqual(
      refs.map((r) => [r.type, r.name, r.commitIsExample]),
      [
        ['branch', 'main', false],
        ['tag', 'v1.0', true],
        ['branch', 'feature-x', true],
      ],
    );
    assert.equal(refs[0]?.commitId, real);
    assert.match(refs[1]?.commitId ?? '', /^[0-9a-f]{40}$/);
    assert.notEqual(refs[1]?.commitId, refs[2]?.commitId, 'two typed refs do not share an example commit');
  });
});
