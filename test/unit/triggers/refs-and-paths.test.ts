import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActivityLog } from '../../../src/main/core/triggers/activity-log';
import { testCore } from '../../support/core';
import { diffRefs } from '../../../src/main/core/triggers/remote-refs';
import { globToRegExp, pathVerdict, validateRule } from '../../../src/shared/rules';

const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const c = 'c'.repeat(40);

test('ref differences: created, moved, deleted; unchanged refs are not changes', () => {
  const before = new Map([['branch:main', a], ['branch:old', b], ['tag:v1', c]]);
  const after = new Map([['branch:main', b], ['branch:new', a], ['tag:v1', c], ['tag:v2', a]]);
  assert.deepEqual(diffRefs(before, after), [
    { kind: 'branch', name: 'main', before: a, after: b },
    { kind: 'branch', name: 'new', before: null, after: a },
    { kind: 'branch', name: 'old', before: b, after: null },
    { kind: 'tag', name: 'v2', before: null, after: a },
  ]);
});

test('path globs', () => {
  const m = (glob: string, path: string) => globToRegExp(glob).test(path);
  assert.equal(m('src/**', 'src/a/b.ts'), true);
  assert.equal(m('src/**', 'srcx/a.ts'), false);
  assert.equal(m('src/*.ts', 'src/a.ts'), true);
  assert.equal(m('src/*.ts', 'src/a/b.ts'), false);
  assert.equal(m('**/*.md', 'README.md'), true);
  assert.equal(m('**/*.md', 'docs/x/y.md'), true);
  assert.equal(m('*.md', 'docs/y.md'), true, 'a glob without a slash matches at any depth');
  assert.equal(m('docs/', 'docs/guide.md'), true);
  assert.equal(m('docs', 'docs/guide.md'), true);
  assert.equal(m('Dockerfile', 'Dockerfile'), true);
  assert.equal(m('Dockerfile', 'Dockerfile.dev'), false);
  assert.equal(m('{api,web}/**', 'web/index.ts'), true);
  assert.equal(m('{api,web}/**', 'cli/index.ts'), false);
  assert.equal(m('file?.txt', 'file1.txt'), true);
  assert.equal(m('[ab].txt', 'b.txt'), true);
  assert.equal(m('a.b', 'axb'), false, 'dots are literal');
});

test('path filters read as Cloud Build reads them', () => {
  const spec = { includedPaths: ['src/**'], ignoredPaths: ['**/*.md'] };
  assert.deepEqual(pathVerdict({}, []), { build: true, filtered: false });
  assert.deepEqual(pathVerdict(spec, ['src/a.ts', 'README.md']), { build: true, filtered: true });
  assert.equal(pathVerdict(spec, ['src/notes.md']).build, false);
  assert.match(JSON.stringify(pathVerdict(spec, ['src/notes.md'])), /every changed file is ignored/);
  assert.match(JSON.stringify(pathVerdict(spec, ['lib/a.ts'])), /no changed file is under src/);
  assert.equal(pathVerdict({ ignoredPaths: ['docs/**'] }, ['lib/a.ts']).build, true);
  assert.equal(pathVerdict({ ignoredPaths: ['docs/**'] }, []).build, false);
});

test('a rule refuses path patterns that leave the repository', () => {
  const problems = validateRule({ type: 'branch', source: 'main', isRegex: false, anchored: true, contextDir: '/', dockerfile: 'Dockerfile', tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [], includedPaths: ['../x'], ignoredPaths: [' '] });
  assert.deepEqual(problems.map((p) => p.field), ['includedPaths[0]', 'ignoredPaths[0]']);
});

test('the activity keeps the newest entries of a subject and drops older ones', () => {
  const core = testCore();
  const log = new ActivityLog(core.db);
  for (let i = 0; i < 620; i++) log.add('repo-a', 'trigger.nomatch', `push ${i}`);
  log.add('repo-b', 'trigger.build', 'other');
  const kept = core.db.prepare("SELECT count(*) FROM activity WHERE subject = 'repo-a'").pluck().get() as number;
  assert.ok(kept >= 500 && kept < 560, `kept ${kept}`);
  assert.equal(log.list('repo-a', 1)[0]?.message, 'push 619');
  assert.equal(log.list('repo-b').length, 1);
  core.close();
});
