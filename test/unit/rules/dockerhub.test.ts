import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTranslator, inEnglish } from '../../../src/shared/i18n/translate';
import { ruleSpecSchema, type RuleSpec, type RuleSpecInput } from '../../../src/shared/models/rule';
import { compilePattern, renderTags, validateRule } from '../../../src/shared/rules';
import { importDockerHubRules, toDockerHub, translate, type DockerHubRule } from '../../../src/shared/rules/dockerhub';

const commit = '0123456789abcdef0123456789abcdef01234567';
const time = new Date('2026-01-02T03:04:05Z');

/** The tags Slipway gives a ref under an imported rule, or null when the rule does not match it. */
function tagsFor(input: RuleSpecInput, ref: { type: 'branch' | 'tag'; name: string }): readonly string[] | null {
  const spec: RuleSpec = ruleSpecSchema.parse(input);
  assert.deepEqual(validateRule(spec), [], 'an imported rule is a valid Slipway rule');
  const compiled = compilePattern(spec);
  assert.ok(compiled.ok);
  const match = compiled.test(ref);
  if (!match) return null;
  const rendered = renderTags(spec, match, { commitId: commit, time });
  assert.ok(rendered.ok, JSON.stringify(rendered));
  return rendered.tags;
}

const hub = (over: Partial<DockerHubRule>): DockerHubRule => ({
  sourceType: 'Branch',
  source: 'master',
  dockerTag: 'latest',
  dockerfileLocation: 'Dockerfile',
  buildContext: '/',
  autobuild: true,
  buildCaching: true,
  ...over,
});

function spec(over: Partial<DockerHubRule>): RuleSpecInput {
  const result = translate(hub(over));
  assert.ok('spec' in result, JSON.stringify(result));
  return result.spec;
}

describe('Docker Hub rules read as Docker Hub means them', () => {
  test('the default rule: branch master → latest, built from the root', () => {
    const s = spec({});
    assert.equal(s.isRegex, false);
    assert.deepEqual(tagsFor(s, { type: 'branch', name: 'master' }), ['latest']);
    assert.equal(tagsFor(s, { type: 'branch', name: 'release/master' }), null);
    assert.equal(tagsFor(s, { type: 'tag', name: 'master' }), null, 'a Branch rule never matches a tag');
    assert.equal(s.contextDir, '/');
    assert.equal(s.dockerfile, 'Dockerfile');
  });

  test('Tag /^[0-9.]+$/ → release-{sourceref}: the whole tag name in the Docker tag', () => {
    const s = spec({ sourceType: 'Tag', source: '/^[0-9.]+$/', dockerTag: 'release-{sourceref}' });
    assert.deepEqual(tagsFor(s, { type: 'tag', name: '1.2.0' }), ['release-1.2.0']);
    assert.equal(tagsFor(s, { type: 'tag', name: 'v1.2.0' }), null);
    assert.equal(tagsFor(s, { type: 'branch', name: '1.2.0' }), null);
  });

  test('an expression without anchors is searched in the name, and {sourceref} is the whole name', () => {
    const s = spec({ sourceType: 'Tag', source: '/.*/', dockerTag: 'release-{sourceref}' });
    assert.deepEqual(tagsFor(s, { type: 'tag', name: '2.6.3' }), ['release-2.6.3']);
    const partial = spec({ source: '/feature/', dockerTag: '{sourceref}' });
    assert.deepEqual(tagsFor(partial, { type: 'branch', name: 'my-feature-x' }), ['my-feature-x']);
  });

  test('{\\1}…{\\9} are the expression’s groups: /(alice|bob)-v([0-9.]+)/ → {\\1}-{\\2}', () => {
    const s = spec({ source: '/(alice|bob)-v([0-9.]+)/', dockerTag: '{\\1}-{\\2}' });
    assert.deepEqual(tagsFor(s, { type: 'branch', name: 'alice-v1.0' }), ['alice-1.0']);
    assert.deepEqual(tagsFor(s, { type: 'branch', name: 'bob-v2.3' }), ['bob-2.3']);
    assert.equal(tagsFor(s, { type: 'branch', name: 'carol-v1' }), null);
  });

  test('Python named groups become JavaScript ones', () => {
    const s = spec({ sourceType: 'Tag', source: '/^v(?P<major>\\d+)\\.(\\d+)$/', dockerTag: '{\\1}.{\\2}' });
    assert.equal(s.source, '^v(?<major>\\d+)\\.(\\d+)$');
    assert.deepEqual(tagsFor(s, { type: 'tag', name: 'v3.14' }), ['3.14']);
  });

  test('several tags separated by commas, at most three kept with a note', () => {
    const s = translate(hub({ dockerTag: 'latest, stable,{sourceref},extra' }));
    assert.ok('spec' in s);
    assert.deepEqual(tagsFor(s.spec, { type: 'branch', name: 'master' }), ['latest', 'stable', 'master']);
    assert.match(s.notes.map(inEnglish).join(' '), /at most 3 tags.*extra/);
  });

  test('build context and Dockerfile location: relative to the context; a blank context is the Dockerfile’s folder', () => {
    assert.deepEqual(pick(spec({ buildContext: '/app', dockerfileLocation: 'Dockerfile.prod' })), { contextDir: '/app', dockerfile: 'Dockerfile.prod' });
    assert.deepEqual(pick(spec({ buildContext: '/', dockerfileLocation: '/' })), { contextDir: '/', dockerfile: 'Dockerfile' });
    assert.deepEqual(pick(spec({ buildContext: '', dockerfileLocation: 'docker/web/Dockerfile' })), { contextDir: '/docker/web', dockerfile: 'Dockerfile' });
    assert.deepEqual(pick(spec({ buildContext: '', dockerfileLocation: 'Dockerfile' })), { contextDir: '/', dockerfile: 'Dockerfile' });
  });

  test('autobuild and build caching carried over, with what they mean here', () => {
    const off = translate(hub({ autobuild: false, buildCaching: false }));
    assert.ok('spec' in off);
    assert.equal(off.spec.autobuild, false);
    assert.equal(off.spec.buildCache, false);
    assert.match(off.notes.map(inEnglish).join(' '), /only Build does/);
    assert.match(off.notes.map(inEnglish).join(' '), /without cache/);
    const on = translate(hub({}));
    assert.ok('spec' in on);
    assert.deepEqual(on.notes, []);
  });

  test('what cannot be translated says why, quoting the input', () => {
    const bad = translate(hub({ source: '/([/' }));
    assert.ok('problem' in bad);
    assert.match(inEnglish(bad.problem), /regular expression/);
    const unknown = translate(hub({ dockerTag: '{branch}' }));
    assert.ok('problem' in unknown);
    assert.match(inEnglish(unknown.problem), /"\{branch\}" is not a Docker Hub placeholder/);
    assert.ok('problem' in translate(hub({ dockerTag: ' ' })));
    assert.ok('problem' in translate(hub({ source: '' })));
  });
});

describe('pasting the build settings', () => {
  test('rows copied from the Build Rules table (tab-separated, no header, toggles as On/Off)', () => {
    const pasted = ['Branch\tmaster\tlatest\tDockerfile\t/\tOn\tOn', 'Tag\t/^[0-9.]+$/\trelease-{sourceref}\tDockerfile\t/\tOff\tOn', ''].join('\n');
    const result = importDockerHubRules(pasted);
    assert.equal(result.format, 'table');
    assert.deepEqual(result.problems, []);
    assert.equal(result.rules.length, 2);
    assert.equal(result.rules[1]?.spec.autobuild, false);
    assert.deepEqual(tagsFor(result.rules[1]!.spec, { type: 'tag', name: '4.0' }), ['release-4.0']);
  });

  test('a Markdown table from a README, with a header, backquoted regexes and columns in another order', () => {
    const pasted = [
      '| Source Type | Source | Docker Tag | Dockerfile location | Build Context |',
      '| ----------- | ------ | ------------------- | ------------------- | ------------- |',
      '| Branch      | master | latest              | Dockerfile          | /             |',
      '| Tag         | `/^[0-9.]+$/` | release-{sourceref} | Dockerfile   | /             |',
      '',
      '| Type | Name | Dockerfile Location | Docker Tag name |',
      '|--------|---------------|---------------------|-----------------|',
      '| Branch | develop | / | testing |',
    ].join('\n');
    const result = importDockerHubRules(pasted);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.rules.map((r) => [r.spec.source, r.spec.tags?.map((t) => t.template)]),
      [
        ['master', ['latest']],
        ['^[0-9.]+$', ['release-${sourceref}']],
        ['develop', ['testing']],
      ],
    );
    assert.equal(result.rules[2]?.spec.dockerfile, 'Dockerfile');
  });

  test('a bad row is reported with its line, the good rows still come through', () => {
    const result = importDockerHubRules('Branch\tmaster\tlatest\nPull request\tx\ty\nTag\t/v(\\d+)/\t{\\1}');
    assert.equal(result.rules.length, 2);
    assert.deepEqual(result.problems.map((p) => p.line), [2]);
    assert.match(inEnglish(result.problems[0]!.message), /"Pull request"/);
  });

  test('the API’s JSON: build_settings with source_type, source_name, tag, dockerfile, build_context, autobuild, nocache', () => {
    const json = JSON.stringify({
      objects: [
        {
          image: 'docker.io/alice/web',
          build_settings: [
            { source_type: 'Branch', source_name: 'main', tag: 'latest', dockerfile: 'Dockerfile', build_context: '/', autobuild: true, nocache: false },
            { source_type: 'Tag', source_name: '/^v([0-9.]+)$/', tag: '{\\1}', dockerfile: 'build/Dockerfile', build_context: '', autobuild: true, nocache: true },
          ],
        },
      ],
    });
    const result = importDockerHubRules(json);
    assert.equal(result.format, 'json');
    assert.deepEqual(result.problems, []);
    assert.equal(result.rules.length, 2);
    assert.equal(result.rules[0]?.spec.buildCache, true);
    assert.deepEqual(pick(result.rules[1]!.spec), { contextDir: '/build', dockerfile: 'Dockerfile' });
    assert.equal(result.rules[1]?.spec.buildCache, false);
    assert.deepEqual(tagsFor(result.rules[1]!.spec, { type: 'tag', name: 'v1.4.2' }), ['1.4.2']);
  });

  test('JSON that is not build settings says so; nothing pasted says what to paste', () => {
    const first = (text: string) => inEnglish(importDockerHubRules(text).problems[0]!.message);
    assert.match(first('{"name": "web"}'), /No build settings/);
    assert.match(first('{oops'), /not valid JSON/);
    assert.match(first('   \n'), /paste the rows/);
    assert.equal(createTranslator('zh-CN').word(importDockerHubRules('   \n').problems[0]!.message), '没有找到构建规则：请粘贴构建规则表格中的行，或构建设置的 JSON。');
  });
});

describe('written back in Docker Hub’s notation', () => {
  test('an imported rule round-trips', () => {
    const original = hub({ sourceType: 'Tag', source: '/^v([0-9.]+)$/', dockerTag: '{\\1},release-{sourceref}', buildContext: '/app', dockerfileLocation: 'Dockerfile.prod', autobuild: false });
    const s = spec(original);
    assert.deepEqual(toDockerHub(s), original);
  });

  test('Slipway-only features have no Docker Hub form', () => {
    assert.equal(toDockerHub({ ...spec({}), tags: [{ template: 'x', commitIdLength: 6 }] }), null);
    assert.equal(toDockerHub({ ...spec({ source: '/(?P<v>.*)/' }) }), null);
    const anchored = toDockerHub({ ...spec({}), isRegex: true, anchored: true, source: 'release-.*' });
    assert.equal(anchored?.source, '/^(?:release-.*)$/');
  });
});

function pick(s: RuleSpecInput): { contextDir: string | undefined; dockerfile: string | undefined } {
  return { contextDir: s.contextDir, dockerfile: s.dockerfile };
}

describe('${sourceref} in Slipway’s own templates', () => {
  test('is the matched name, and a named group called sourceref wins over it', () => {
    const base = { type: 'branch' as const, isRegex: true, tags: [{ template: '${sourceref}' }], architectures: ['linux/amd64'], buildArgs: [] };
    assert.deepEqual(tagsFor({ ...base, source: 'release-.*' }, { type: 'branch', name: 'release-7' }), ['release-7']);
    assert.deepEqual(tagsFor({ ...base, source: 'release-(?<sourceref>.*)' }, { type: 'branch', name: 'release-7' }), ['7']);
  });

  test('a group named like an Object method is looked up as an own property only', () => {
    const base = { type: 'branch' as const, isRegex: true, source: 'v(?<x>.*)', tags: [{ template: 'a${x}' }], architectures: ['linux/amd64'], buildArgs: [] };
    assert.deepEqual(tagsFor(base, { type: 'branch', name: 'v1' }), ['a1']);
    const spec = ruleSpecSchema.parse({ ...base, tags: [{ template: 'a${constructor}' }] });
    assert.ok(validateRule(spec).some((p) => /Unknown group \$\{constructor\}/.test(p.message)));
  });
});
