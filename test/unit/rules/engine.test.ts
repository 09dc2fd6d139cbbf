import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { ruleSpecSchema, type RuleSpec, type RuleSpecInput } from '../../../src/shared/models/rule';
import { canBuildManually, compilePattern, describePattern, planPush, renderTags, validateRule } from '../../../src/shared/rules';

const rule = (input: Partial<RuleSpecInput> = {}): RuleSpec =>
  ruleSpecSchema.parse({ type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [], ...input });

const commit = 'd4ef3dc3b77a011a5779eec7efdd45c0ffee1234';
// 2020-10-15 16:25 in UTC+8, the seeds' example moment.
const pushedAt = new Date('2020-10-15T08:25:30Z');

function tagsFor(spec: RuleSpec, ref: { type: 'branch' | 'tag'; name: string }, time = pushedAt, commitId = commit): readonly string[] | null {
  const compiled = compilePattern(spec);
  assert.ok(compiled.ok);
  const match = compiled.test(ref);
  if (!match) return null;
  const rendered = renderTags(spec, match, { commitId, time });
  assert.ok(rendered.ok, JSON.stringify(rendered));
  return rendered.tags;
}

describe('the seeds’ examples', () => {
  test('Example 1: branch main → latest, buildable by hand', () => {
    const spec = rule();
    assert.deepEqual(validateRule(spec), []);
    assert.deepEqual(tagsFor(spec, { type: 'branch', name: 'main' }), ['latest']);
    assert.deepEqual(canBuildManually(spec), { ok: true });
  });

  test('Example 2: release-(?<imageTag>\\w*) + ${imageTag} + yyyyMMddHHmm + commit id 30', () => {
    const spec = rule({
      source: 'release-(?<imageTag>\\w*)',
      isRegex: true,
      tags: [{ template: '${imageTag}', buildTime: { format: 'yyyyMMddHHmm', timeZone: 'Asia/Shanghai' }, commitIdLength: 30 }],
    });
    assert.deepEqual(validateRule(spec), []);
    assert.deepEqual(tagsFor(spec, { type: 'branch', name: 'release-v1' }), ['v1-202010151625-d4ef3dc3b77a011a5779eec7efdd45']);
    const manual = canBuildManually(spec);
    assert.equal(manual.ok, false);
  });
});

describe('matching', () => {
  const cases: { name: string; spec: Partial<RuleSpecInput>; ref: { type: 'branch' | 'tag'; name: string }; tags: string[] | null }[] = [
    { name: 'a literal matches only itself', spec: { source: 'main' }, ref: { type: 'branch', name: 'main2' }, tags: null },
    { name: 'anchored by default: master does not match release/master', spec: { source: 'master', isRegex: true }, ref: { type: 'branch', name: 'release/master' }, tags: null },
    { name: 'anchored regex matches the whole name', spec: { source: 'master', isRegex: true }, ref: { type: 'branch', name: 'master' }, tags: ['latest'] },
    { name: 'unanchored on request searches', spec: { source: 'master', isRegex: true, anchored: false }, ref: { type: 'branch', name: 'release/master' }, tags: ['latest'] },
    { name: 'a branch rule does not see a tag of the same name', spec: { source: 'v1' }, ref: { type: 'tag', name: 'v1' }, tags: null },
    { name: 'a tag rule sees tags', spec: { type: 'tag', source: 'v(?<version>\\d+\\.\\d+\\.\\d+)', isRegex: true, tags: [{ template: '${version}' }] }, ref: { type: 'tag', name: 'v2.0.0' }, tags: ['2.0.0'] },
    { name: 'numbered groups', spec: { source: 'feature/(\\w+)-(\\d+)', isRegex: true, tags: [{ template: '${2}-${1}' }] }, ref: { type: 'branch', name: 'feature/login-42' }, tags: ['42-login'] },
    { name: 'up to three tags', spec: { source: 'main', tags: [{ template: 'latest' }, { template: 'main', commitIdLength: 6 }, { template: 'stable' }] }, ref: { type: 'branch', name: 'main' }, tags: ['latest', 'main-d4ef3d', 'stable'] },
    { name: 'commit id alone after an empty group', spec: { source: 'x-(?<v>\\w*)', isRegex: true, tags: [{ template: '${v}', commitIdLength: 6 }] }, ref: { type: 'branch', name: 'x-' }, tags: ['d4ef3d'] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const spec = rule(c.spec);
      assert.deepEqual(validateRule(spec), []);
      assert.deepEqual(tagsFor(spec, c.ref), c.tags);
    });
  }

  test('the same instant gives different build times per time zone', () => {
    const make = (timeZone: string) => rule({ tags: [{ template: 'nightly', buildTime: { format: 'yyyyMMddHH', timeZone } }] });
    const late = new Date('2026-01-31T20:30:00Z');
    assert.deepEqual(tagsFor(make('UTC'), { type: 'branch', name: 'main' }, late), ['nightly-2026013120']);
    assert.deepEqual(tagsFor(make('Asia/Shanghai'), { type: 'branch', name: 'main' }, late), ['nightly-2026020104']);
    assert.deepEqual(tagsFor(make('America/Los_Angeles'), { type: 'branch', name: 'main' }, late), ['nightly-2026013112']);
  });

  test('a rendered tag that breaks Docker’s grammar is refused with the tag and the reason', () => {
    const spec = rule({ source: '(?<name>.+)', isRegex: true, tags: [{ template: '${name}' }] });
    const compiled = compilePattern(spec);
    assert.ok(compiled.ok);
    const match = compiled.test({ type: 'branch', name: 'feature/login' });
    assert.ok(match);
    const rendered = renderTags(spec, match, { commitId: commit, time: pushedAt });
    assert.ok(!rendered.ok);
    assert.deepEqual(
      rendered.problems.map((p) => ({ field: p.field, message: p.message, zh: createTranslator('zh-CN').word(p.phrase) })),
      [{ field: 'tags[0].template', message: 'The tag “feature/login” contains “/”; a tag may hold only letters, digits, _ . -.', zh: '镜像版本“feature/login”包含“/”；镜像版本只能包含字母、数字、_ . -。' }],
    );
  });
});

describe('validation at save, with the exact reason', () => {
  const cases: { name: string; spec: Partial<RuleSpecInput>; field: string; message: RegExp }[] = [
    { name: 'empty name', spec: { source: ' ' }, field: 'source', message: /Enter a branch name/ },
    { name: 'invalid regex', spec: { source: 'release-(?<x>\\w*', isRegex: true, tags: [{ template: 'latest' }] }, field: 'source', message: /Not a valid regular expression/ },
    { name: 'invalid git name', spec: { source: 'my branch' }, field: 'source', message: /not a valid branch name: it contains a space/ },
    { name: 'unknown named group', spec: { source: 'release-(?<imageTag>\\w*)', isRegex: true, tags: [{ template: '${version}' }] }, field: 'tags[0].template', message: /Unknown group \$\{version\}: the pattern defines imageTag/ },
    { name: 'group on a literal', spec: { source: 'main', tags: [{ template: '${imageTag}' }] }, field: 'tags[0].template', message: /not a regular expression/ },
    { name: 'numbered group out of range', spec: { source: 'r-(\\w+)', isRegex: true, tags: [{ template: '${2}' }] }, field: 'tags[0].template', message: /has 1 numbered group\b/ },
    { name: 'invalid characters in the tag', spec: { tags: [{ template: 'v1:latest' }] }, field: 'tags[0].template', message: /“:” cannot appear in a Docker tag/ },
    { name: 'more than three tags', spec: { tags: [{ template: 'a' }, { template: 'b' }, { template: 'c' }, { template: 'd' }] }, field: 'tags', message: /at most 3 image tags; this one has 4/ },
    { name: 'no tags', spec: { tags: [] }, field: 'tags', message: /at least one image tag/ },
    { name: 'duplicate tag', spec: { tags: [{ template: 'a' }, { template: 'a' }] }, field: 'tags[1].template', message: /same as an earlier one/ },
    { name: 'bad time zone', spec: { tags: [{ template: 'a', buildTime: { format: 'yyyyMMdd', timeZone: 'Mars/Olympus' } }] }, field: 'tags[0].buildTime.timeZone', message: /not a time zone/ },
    { name: 'bad time format', spec: { tags: [{ template: 'a', buildTime: { format: 'yyyy/MM', timeZone: 'UTC' } }] }, field: 'tags[0].buildTime.format', message: /characters a tag cannot hold/ },
    { name: 'commit id too long', spec: { tags: [{ template: 'a', commitIdLength: 41 }] }, field: 'tags[0].commitIdLength', message: /1 to 40/ },
    { name: 'more than 20 build parameters', spec: { buildArgs: Array.from({ length: 21 }, (_, i) => ({ key: `K${i}`, value: 'v', secret: false })) }, field: 'buildArgs', message: /at most 20 build parameters; this one has 21/ },
    { name: 'duplicate key', spec: { buildArgs: [{ key: 'FOO', value: '1', secret: false }, { key: 'FOO', value: '2', secret: false }] }, field: 'buildArgs[1].key', message: /FOO is set twice/ },
    { name: 'bad key', spec: { buildArgs: [{ key: '1A', value: '1', secret: false }] }, field: 'buildArgs[0].key', message: /not a parameter name/ },
    { name: 'no architecture', spec: { architectures: [] }, field: 'architectures', message: /at least one architecture/ },
    { name: 'bad platform', spec: { architectures: ['arm64'] }, field: 'architectures[0]', message: /not a platform/ },
    { name: 'Dockerfile outside the context', spec: { dockerfile: '../Dockerfile' }, field: 'dockerfile', message: /inside the build context/ },
    { name: 'context outside the repository', spec: { contextDir: 'app/../../x' }, field: 'contextDir', message: /inside the repository/ },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const problems = validateRule(rule(c.spec));
      const hit = problems.find((p) => p.field === c.field);
      assert.ok(hit, `expected a problem on ${c.field}, got ${JSON.stringify(problems)}`);
      assert.match(hit.message, c.message);
    });
  }

  test('keys are case-sensitive: FOO and foo are two parameters', () => {
    assert.deepEqual(validateRule(rule({ buildArgs: [{ key: 'FOO', value: '1', secret: false }, { key: 'foo', value: '2', secret: true }] })), []);
  });
});

test('the UI can say whether a pattern is anchored', () => {
  assert.match(describePattern(rule({ source: 'master', isRegex: true })), /\(anchored\)/);
  assert.match(describePattern(rule({ source: 'master', isRegex: true, anchored: false })), /unanchored/);
  assert.match(describePattern(rule()), /named exactly “main”/);
});

test('planPush lists matches per ref and flags two rules writing one tag', () => {
  const rules = [
    { id: 'main-latest', spec: rule({ source: 'main', tags: [{ template: 'latest' }] }) },
    { id: 'release', spec: rule({ source: 'release-(?<v>\\w+)', isRegex: true, tags: [{ template: '${v}' }, { template: 'latest' }] }) },
    { id: 'tags', spec: rule({ type: 'tag', source: 'v(?<v>.+)', isRegex: true, tags: [{ template: '${v}' }] }) },
  ];
  const plan = planPush(
    rules,
    [
      { type: 'branch', name: 'main', commitId: commit },
      { type: 'branch', name: 'release-v1', commitId: commit },
      { type: 'tag', name: 'v2.0.0', commitId: commit },
      { type: 'branch', name: 'feature/x', commitId: commit },
    ],
    pushedAt,
  );
  assert.deepEqual(
    plan.refs.map((r) => [r.ref.name, r.matches.map((m) => [m.ruleId, ...m.tags])]),
    [
      ['main', [['main-latest', 'latest']]],
      ['release-v1', [['release', 'v1', 'latest']]],
      ['v2.0.0', [['tags', '2.0.0']]],
      ['feature/x', []],
    ],
  );
  assert.deepEqual(plan.collisions, [{ tag: 'latest', ruleIds: ['main-latest', 'release'], refs: ['branch:main', 'branch:release-v1'] }]);
});
