import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tarContents, type PlannedFile } from '../../../src/main/core/builds/source/context-pack';
import { contextFilter, PatternMatcher, walkFilter } from '../../../src/main/core/builds/source/dockerignore';
import { attributesAt, parseAttributeLines, toWorktree, worktreeConversion } from '../../../src/main/core/builds/source/gitattributes';
import { checkoutMode } from '../../../src/main/core/builds/source/git-objects';
import { selectEntries } from '../../../src/main/core/builds/session/filesync-patterns';
import { GoFileMode, type FileStat } from '../../../src/main/core/builds/session/filesync-wire';

// The docker CLI 20.10's .dockerignore: fileutils' matcher and fsutil's walk. Each expectation here
// is what the CLI sent in test/integration/builds/context-parity.test.ts or follows from its rules.

test('patterns match as fileutils matches: `**`, `*` within a folder, a parent of the pattern’s depth', () => {
  const m = (patterns: string[], path: string) => new PatternMatcher(patterns).matches(path);
  assert.equal(m(['**/*.log'], 'a.log'), true);
  assert.equal(m(['**/*.log'], 'a/b/c.log'), true);
  assert.equal(m(['*.log'], 'a/b.log'), false, '`*` does not cross folders');
  assert.equal(m(['docs/*.md'], 'docs/readme.md'), true);
  assert.equal(m(['docs/*.md'], 'docs'), false, 'the folder itself is not matched');
  assert.equal(m(['build'], 'build/x/y.o'), true, 'a file under a matched folder');
  assert.equal(m(['foo/**'], 'foo/a/b'), true);
  assert.equal(m(['a?c'], 'abc'), true);
  assert.equal(m(['a?c'], 'a/c'), false);
  assert.equal(m(['ùnï?ode'], 'ùnïcode'), true, '`?` is one character, not one UTF-16 unit');
  assert.equal(m(['file.txt'], 'fileXtxt'), false, '`.` is literal');
  assert.equal(m(['*', '!src'], 'src/a.ts'), false, 'the last matching pattern wins, parents included');
  assert.equal(m(['vendor', '!vendor/pkg/keep.go'], 'vendor/pkg/keep.go'), false);
  assert.equal(m(['vendor', '!vendor/pkg/keep.go'], 'vendor/pkg/other.go'), true);
  // Only the parent as deep as the pattern is tried: `**/tmp` (two parts) never sees `tmp` above tmp/other.
  assert.equal(m(['**/tmp'], 'tmp/other'), false);
  assert.equal(m(['**/tmp'], 'a/tmp/other'), true);
});

test('the walk enters an excluded folder only for an exception lying inside it, and sends the folders it enters', () => {
  const f = contextFilter(['docs/*.md', '/build', '!build/keep.txt', 'vendor', '!vendor/pkg/keep.go', '**/tmp', '!tmp/keep', 'gone/'].join('\n'));
  assert.equal(f.sends('docs', true), true, 'docs/ stays, empty');
  assert.equal(f.sends('docs/readme.md', false), false);
  assert.equal(f.sends('build', true), true);
  assert.equal(f.sends('build/keep.txt', false), true);
  assert.equal(f.sends('build/out.o', false), false);
  assert.equal(f.sends('vendor/pkg', true), true);
  assert.equal(f.sends('vendor/pkg/keep.go', false), true);
  assert.equal(f.sends('vendor/lib', true), false, 'no exception inside vendor/lib');
  assert.equal(f.sends('vendor/lib/a.go', false), false);
  assert.equal(f.sends('tmp/other', false), true, 'tmp/ entered for tmp/keep, and `**/tmp` does not match tmp/other');
  assert.equal(f.sends('src/tmp', true), false);
  assert.equal(f.sends('src/tmp/z.txt', false), false);
  assert.equal(f.sends('gone', true), false);
  assert.equal(f.sends('gone/only.txt', false), false);
  // An exception with a wildcard reaches into the folder only when its plain text starts with it.
  const star = walkFilter(['build', '!**/keep.txt']);
  assert.equal(star.sends('build/keep.txt', false), false, 'the CLI never enters build/ for `!**/keep.txt`');
  assert.equal(star.sends('keep.txt', false), true);
  assert.equal(walkFilter([]).sends('anything/at/all', false), true);
});

test('a checkout under umask 022 gives 0644, 0755 for anything executable, 0755 folders and 0777 links', () => {
  assert.equal(checkoutMode('100644'), 0o644);
  assert.equal(checkoutMode('100755'), 0o755);
  assert.equal(checkoutMode('100775'), 0o755, 'an old group-writable entry reads as executable');
  assert.equal(checkoutMode('100664'), 0o644);
  assert.equal(checkoutMode('120000'), 0o777);
  assert.equal(checkoutMode('040000'), 0o755);
  assert.equal(checkoutMode('160000'), 0o755);
});

const planned = (path: string): PlannedFile => ({ path, mode: '100644', size: 1, object: 'a'.repeat(40), source: { kind: 'blob', gitDir: '/g', object: 'a'.repeat(40) } });

test('the tar carries an ignored Dockerfile (the engine reads it from there) with its folders, and nothing else extra', () => {
  const dockerfile = planned('docker/app/Dockerfile');
  const ignored = tarContents({ files: [planned('src/a.ts')], dirs: ['src'], buildFiles: [dockerfile, planned('docker/app/Dockerfile.dockerignore')], dockerfile: dockerfile.path });
  assert.deepEqual(ignored.files.map((f) => f.path), ['src/a.ts', 'docker/app/Dockerfile']);
  assert.deepEqual(ignored.dirs, ['docker', 'docker/app', 'src']);
  const sent = { files: [planned('Dockerfile')], dirs: [], buildFiles: [planned('Dockerfile')], dockerfile: 'Dockerfile' };
  assert.deepEqual(tarContents(sent).files.map((f) => f.path), ['Dockerfile']);
});

const stat = (path: string, mode = 0o644): FileStat => ({ path, mode, uid: 0, gid: 0, size: 0, modTime: 0n, linkname: '' });
const dir = (path: string) => stat(path, GoFileMode.dir | 0o755);

test('the engine’s own exclude patterns keep the folders the walk enters, empty ones too', () => {
  const entries = [stat('Dockerfile'), dir('docs'), stat('docs/readme.md'), dir('src'), dir('src/empty'), stat('src/a.ts'), dir('vendor'), stat('vendor/x.go')];
  const paths = (includes: string[], excludes: string[]) => selectEntries(entries, { includes, excludes }).map((e) => e.path);
  assert.deepEqual(paths([], ['docs/*.md', 'vendor']), ['Dockerfile', 'docs', 'src', 'src/empty', 'src/a.ts']);
  assert.deepEqual(paths(['src'], []), ['src', 'src/empty', 'src/a.ts'], 'an included folder is sent whole, empty folders too');
  assert.deepEqual(paths(['Dockerfile'], []), ['Dockerfile']);
});

test('a checkout writes CRLF where `eol=crlf` asks and expands `$Id$` where `ident` is set; nothing else changes bytes', () => {
  const lines = [...parseAttributeLines('', '*.bat text eol=crlf\nauto/* text=auto eol=crlf\n*.id ident\n*.png binary eol=crlf\nlegacy/* crlf\n'), ...parseAttributeLines('sub', '*.bat -text\n')];
  const at = (path: string) => worktreeConversion(attributesAt(lines, path));
  assert.deepEqual(at('win/run.bat'), { crlf: 'always', ident: false });
  assert.deepEqual(at('sub/run.bat'), { crlf: null, ident: false }, 'a deeper file’s line wins');
  assert.deepEqual(at('auto/a.txt'), { crlf: 'auto', ident: false });
  assert.deepEqual(at('x.png'), { crlf: null, ident: false }, '`binary` unsets text');
  assert.deepEqual(at('legacy/a.txt'), { crlf: null, ident: false }, 'text without eol=crlf stays LF on Linux');
  assert.deepEqual(at('v.id'), { crlf: null, ident: true });

  const blob = (s: string) => Buffer.from(s, 'latin1');
  const text = (b: Buffer) => b.toString('latin1');
  assert.equal(text(toWorktree(blob('a\r\nb\nc'), { crlf: 'always', ident: false }, 'x')), 'a\r\nb\r\nc');
  assert.equal(text(toWorktree(blob('a\nb\n'), { crlf: 'auto', ident: false }, 'x')), 'a\r\nb\r\n');
  assert.equal(text(toWorktree(blob('a\r\nb\n'), { crlf: 'auto', ident: false }, 'x')), 'a\r\nb\n', 'auto leaves a file with any CR alone');
  assert.equal(text(toWorktree(blob('a\0b\n'), { crlf: 'auto', ident: false }, 'x')), 'a\0b\n', 'auto leaves binary alone');
  const id = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
  assert.equal(text(toWorktree(blob('$Id$ and $Id: old $ and $Id: from cvs 1.2 $\n'), { crlf: null, ident: true }, id)), `$Id: ${id} $ and $Id: ${id} $ and $Id: from cvs 1.2 $\n`);
  const same = blob('plain\n');
  assert.equal(toWorktree(same, { crlf: null, ident: false }, id), same);
});
