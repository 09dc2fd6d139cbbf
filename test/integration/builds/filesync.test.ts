import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { BuildRule } from '../../../src/shared/models/rule';
import { testCore } from '../../support/core';
import { call, imageRepositoryFor, rule } from '../../support/build-fixture';
import { cli, ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';

// The build context through the BuildKit session's file sync (what the docker CLI does), against
// Debian's real dockerd 20.10: exactly the context's files arrive, and a rebuild with one file
// changed sends only that file's bytes. With the tar transport chosen, the upload still works.
let engine: TestEngine;
let registry: RunningRegistry;
let git: GitServer;
let core: Core;
let tarCore: Core;

before(async () => {
  [engine, registry, git] = await Promise.all([testEngine(), startRegistry({ auth: 'htpasswd' }), startGitServer()]);
  await ensureBusyboxImage(engine);
  const dir = tempDir();
  // These contexts are small, where "auto" would choose the tar: ask for the file sync.
  core = testCore(dir, { DOCKER_CONFIG: dir, DOCKER_HOST: engine.host, SLIPWAY_CONTEXT_TRANSPORT: 'session' });
  const tarDir = tempDir();
  tarCore = testCore(tarDir, { DOCKER_CONFIG: tarDir, DOCKER_HOST: engine.host, SLIPWAY_CONTEXT_TRANSPORT: 'tar' });
});
after(async () => {
  core?.close();
  tarCore?.close();
  await registry?.stop();
  await git?.stop();
});

const gitRun = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();

/** A commit with an executable file and a symlink, which the git server's helper cannot make. */
function commitWithModes(repoName: string, files: Record<string, string>, executables: readonly string[], links: Record<string, string>): string {
  const dir = tempDir();
  gitRun(dir, 'init', '-q', '-b', 'main');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const [path, target] of Object.entries(links)) symlinkSync(target, join(dir, path));
  gitRun(dir, 'add', '-A');
  for (const path of executables) gitRun(dir, 'update-index', '--chmod=+x', path);
  gitRun(dir, 'commit', '-q', '-m', 'modes');
  gitRun(dir, 'push', '-q', '--force', join(git.root, `${repoName}.git`), 'HEAD:refs/heads/main');
  return gitRun(dir, 'rev-parse', 'HEAD');
}

async function buildOnce(on: Core, repositoryId: string, ruleId: string, commit: string): Promise<string> {
  const build = await on.builds.enqueue({ repositoryId, ruleId, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'manual', dedupeKey: `manual:${ruleId}:${commit}:${Math.random()}` });
  assert.ok(build);
  const done = await on.builds.settled(build.id);
  const text = (await call<{ lines: string[] }>(on, 'builds:log', { id: build.id, limit: 100_000 })).lines.join('\n');
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${text}`);
  return text;
}

function contextLine(text: string): { files: number; of: number; bytes: number } {
  const m = /Context: session file sync, sent (\d+) files, (\d+) bytes in \d+ transfers \(the context: (\d+) files/.exec(text);
  assert.ok(m, `no session context line in:\n${text}`);
  return { files: Number(m[1]), bytes: Number(m[2]), of: Number(m[3]) };
}

test('the context goes through the session: exactly its files, .dockerignore honoured, exec bits and symlinks kept', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'acme/synced');
  const commit = commitWithModes(
    'acme/synced',
    {
      Dockerfile: 'FROM local/busybox\nCOPY . /ctx\nRUN cd /ctx && find . | sort && stat -c "%a %n" run.sh lib/data.txt && readlink current\n',
      '.dockerignore': 'secret.env\nbuild/\n',
      'secret.env': 'PASSWORD=nope\n',
      'build/out.o': 'object\n',
      'run.sh': '#!/bin/sh\necho hi\n',
      'lib/data.txt': 'data\n',
      'a.txt': 'a\n',
      'a-b/x': 'x\n',
      'a/b/c.txt': 'c\n',
    },
    ['run.sh'],
    { current: 'lib/data.txt' },
  );
  const saved = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'synced' }] }) });
  const text = await buildOnce(core, repo.id, saved.id, commit);
  const sent = contextLine(text);
  assert.equal(sent.of, 8, 'the plan has the 8 files and links left after .dockerignore');
  // Every regular file once for the context, plus the Dockerfile and .dockerignore read on their own first.
  assert.equal(sent.files, 7 + 2);

  const image = `${registry.host}/team/synced:synced`;
  const listing = await cli(engine, ['run', '--rm', image, 'sh', '-c', 'cd /ctx && find . | sort && stat -c "%a %n" run.sh lib/data.txt && readlink current && cat current']);
  assert.equal(listing.code, 0, listing.stderr);
  const lines = listing.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    ...['.', './.dockerignore', './Dockerfile', './a', './a-b', './a-b/x', './a.txt', './a/b', './a/b/c.txt', './current', './lib', './lib/data.txt', './run.sh'],
    ...['755 run.sh', '644 lib/data.txt', 'lib/data.txt', 'data'],
  ]);
});

test('a rebuild after changing one file of a 400-file context sends only that file', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'acme/many');
  const files: Record<string, string> = { Dockerfile: 'FROM local/busybox\nCOPY . /ctx\nRUN cat /ctx/dir-7/file-3.txt\n' };
  for (let d = 0; d < 20; d++) for (let f = 0; f < 20; f++) files[`dir-${d}/file-${f}.txt`] = `content of ${d}/${f}\n`.repeat(50);
  const first = git.commit('acme/many', 'main', files);
  const saved = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'many' }] }) });
  const firstSent = contextLine(await buildOnce(core, repo.id, saved.id, first));
  assert.equal(firstSent.of, 401);
  assert.equal(firstSent.files, 402, 'a first build sends every file (and the Dockerfile once more on its own)');

  const changed = `changed content ${Date.now()}\n`;
  const second = git.commit('acme/many', 'main', { 'dir-7/file-3.txt': changed });
  const text = await buildOnce(core, repo.id, saved.id, second);
  const again = contextLine(text);
  assert.deepEqual({ files: again.files, bytes: again.bytes }, { files: 1, bytes: Buffer.byteLength(changed) }, 'only the changed file travels');
  assert.ok(text.includes(changed.trim()), 'the RUN step printed the new content');
  const inImage = await cli(engine, ['run', '--rm', `${registry.host}/team/many:many`, 'cat', '/ctx/dir-7/file-3.txt', '/ctx/dir-19/file-19.txt']);
  assert.equal(inImage.stdout, changed + 'content of 19/19\n'.repeat(50));
});

test('with the tar transport chosen, the context is uploaded as a tar and the build works', async () => {
  const repo = await imageRepositoryFor(tarCore, registry, git, 'acme/tarred');
  const marker = `kept-by-tar-${Date.now()}`;
  const commit = git.commit('acme/tarred', 'main', { Dockerfile: 'FROM local/busybox\nCOPY . /ctx\nRUN test ! -e /ctx/skip.txt && cat /ctx/keep.txt\n', '.dockerignore': 'skip.txt\n', 'skip.txt': 'no\n', 'keep.txt': `${marker}\n` });
  const saved = await call<BuildRule>(tarCore, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'tarred' }] }) });
  const text = await buildOnce(tarCore, repo.id, saved.id, commit);
  assert.match(text, /Context: tar upload, sent 3 files, \d+ bytes/);
  assert.doesNotMatch(text, /session file sync/);
  assert.match(text, new RegExp(marker));
});
