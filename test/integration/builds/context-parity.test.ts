import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { BuildRule } from '../../../src/shared/models/rule';
import { call, imageRepositoryFor, rule } from '../../support/build-fixture';
import { checkoutOf, commitTree, imageListing, type TreeSpec } from '../../support/context-tree';
import { testCore } from '../../support/core';
import { cli, ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';

// The context Slipway reads from git objects must be the one Debian's docker CLI 20.10
// (DOCKER_BUILDKIT=1) sends from a checkout of the same commit: the same three images, entry for
// entry, whether Slipway uploads a tar or serves the session's file sync.
let engine: TestEngine;
let registry: RunningRegistry;
let git: GitServer;
let syncCore: Core;
let tarCore: Core;

before(async () => {
  [engine, registry, git] = await Promise.all([testEngine(), startRegistry({ auth: 'htpasswd' }), startGitServer()]);
  await ensureBusyboxImage(engine);
  const syncDir = tempDir();
  syncCore = testCore(syncDir, { DOCKER_CONFIG: syncDir, DOCKER_HOST: engine.host, SLIPWAY_CONTEXT_TRANSPORT: 'session' });
  const tarDir = tempDir();
  tarCore = testCore(tarDir, { DOCKER_CONFIG: tarDir, DOCKER_HOST: engine.host, SLIPWAY_CONTEXT_TRANSPORT: 'tar' });
});
after(async () => {
  syncCore?.close();
  tarCore?.close();
  await registry?.stop();
  await git?.stop();
});

const dockerignore = [
  '# a comment line',
  '  # not a comment: the CLI trims after looking for "#"',
  'docs/*.md',
  '**/*.log',
  '!keep/**/*.log',
  '/build',
  '!build/keep.txt',
  'vendor',
  '!vendor/pkg/keep.go',
  '**/tmp',
  '!tmp/keep',
  'secret.env',
  'space dir/*.bak',
  'ùnïcode/ignored.txt',
  'nested/**/skip',
  'gone/',
  'Dockerfile',
  '.dockerignore',
  '',
].join('\n');

const tree: TreeSpec = {
  files: {
    Dockerfile: 'FROM local/busybox\nCOPY . /ctx\n',
    '.dockerignore': dockerignore,
    'docs/readme.md': 'every file of docs is ignored: the folder stays, empty\n',
    'app/run.sh': '#!/bin/sh\necho run\n',
    'app/main.txt': 'main\n',
    'app/debug.log': 'ignored\n',
    'app/logs/a.log': 'ignored, and app/logs stays empty\n',
    'keep/x/y.log': 'brought back by an exception\n',
    'build/out.o': 'ignored with its folder\n',
    'build/keep.txt': 'brought back: build/ comes back holding only this\n',
    'vendor/pkg/keep.go': 'package pkg\n',
    'vendor/pkg/other.go': 'ignored\n',
    'vendor/lib/a.go': 'ignored: no exception reaches vendor/lib\n',
    'tmp/keep': 'brought back\n',
    'tmp/other': 'the CLI walks into tmp/ for the exception and then sends this too\n',
    'src/tmp/z.txt': 'ignored with src/tmp\n',
    'src/index.js': 'console.log(1)\n',
    'secret.env': 'PASSWORD=nope\n',
    'space dir/file one.txt': 'spaces\n',
    'space dir/old.bak': 'ignored\n',
    'ùnïcode/naïve ✓.txt': 'unicode\n',
    'ùnïcode/ignored.txt': 'ignored\n',
    'nested/a/skip/x.txt': 'ignored\n',
    'nested/a/b/keep.txt': 'kept\n',
    'gone/only.txt': 'ignored with its folder\n',
    'deep/a/b/c/d/e/f/g/h/i/j/file.txt': 'deep\n',
    'deep/a/b/c/d/e/f/g/h/i/j/tool': '#!/bin/sh\n',
    // What a checkout writes differently from the blob.
    '.gitattributes': '*.bat text eol=crlf\nauto/* text=auto eol=crlf\n*.id ident\n',
    'win/run.bat': '@echo off\r\necho mixed\nrem end\n',
    'auto/plain.txt': 'one\ntwo\n',
    'auto/binary.dat': 'a\0b\nc\n',
    'version.id': 'rev $Id$ here\n',
  },
  executables: ['app/run.sh', 'deep/a/b/c/d/e/f/g/h/i/j/tool'],
  links: {
    'link-to-file': 'app/main.txt',
    'link-to-dir': 'app',
    'link-to-empty-dir': 'docs',
    'link-outside': '../../etc/passwd',
    'link-absolute': '/etc/hostname',
    'link-dangling': 'no/such/thing',
    'app/up': '..',
  },
  gitlinks: ['lib/unregistered-submodule'],
};

async function slipwayBuild(on: Core, repositoryId: string, ruleId: string, commit: string): Promise<void> {
  const build = await on.builds.enqueue({ repositoryId, ruleId, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'manual', dedupeKey: `manual:${ruleId}:${commit}:${Math.random()}` });
  assert.ok(build);
  const done = await on.builds.settled(build.id);
  const log = (await call<{ lines: string[] }>(on, 'builds:log', { id: build.id, limit: 100_000 })).lines.join('\n');
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${log}`);
}

test('the same commit builds to the same /ctx from the docker CLI’s checkout, Slipway’s tar and Slipway’s file sync', async () => {
  const syncRepo = await imageRepositoryFor(syncCore, registry, git, 'parity/sync');
  const tarRepo = await imageRepositoryFor(tarCore, registry, git, 'parity/tar');
  const commit = commitTree([join(git.root, 'parity/sync.git'), join(git.root, 'parity/tar.git')], tree);

  const checkout = checkoutOf(join(git.root, 'parity/sync.git'), commit);
  const cliImage = `local/parity-cli:${commit.slice(0, 12)}`;
  const built = await cli(engine, ['build', '-q', '-t', cliImage, checkout]);
  assert.equal(built.code, 0, built.stderr);

  const syncRule = await call<BuildRule>(syncCore, 'rules:save', { repositoryId: syncRepo.id, spec: rule({ tags: [{ template: 'parity' }] }) });
  await slipwayBuild(syncCore, syncRepo.id, syncRule.id, commit);
  const tarRule = await call<BuildRule>(tarCore, 'rules:save', { repositoryId: tarRepo.id, spec: rule({ tags: [{ template: 'parity' }] }) });
  await slipwayBuild(tarCore, tarRepo.id, tarRule.id, commit);

  const fromCli = await imageListing(engine, cliImage, '/ctx');
  // The reference itself, so a change in the CLI (or in the tree) shows here and not as a mystery below.
  for (const expected of ['dir 755 0:0 /ctx/docs', 'dir 755 0:0 /ctx/app/logs', 'dir 755 0:0 /ctx/lib/unregistered-submodule', 'link 777 0:0 -> app /ctx/link-to-dir']) {
    assert.ok(fromCli.includes(expected), `the CLI's image has “${expected}”:\n${fromCli.join('\n')}`);
  }
  assert.ok(fromCli.some((l) => l.startsWith('file 755 0:0') && l.endsWith('/ctx/app/run.sh')));
  assert.ok(fromCli.some((l) => l.endsWith('/ctx/tmp/other')), 'the CLI 20.10 sends tmp/other (its walker goes into tmp/ for the exception)');
  assert.ok(!fromCli.some((l) => l.includes('/ctx/vendor/lib')));

  const fromTar = await imageListing(engine, `${registry.host}/team/tar:parity`, '/ctx');
  const fromSync = await imageListing(engine, `${registry.host}/team/sync:parity`, '/ctx');
  // The one difference left, by necessity: an engine building from a tar reads the Dockerfile from
  // it, so an ignored Dockerfile still travels (the CLI sends it apart, through the session).
  assert.ok(!fromCli.some((l) => l.endsWith(' /ctx/Dockerfile') || l.endsWith(' /ctx/.dockerignore')), 'the CLI leaves both ignored build files out');
  const tarDockerfile = fromTar.filter((l) => l.endsWith(' /ctx/Dockerfile'));
  assert.equal(tarDockerfile.length, 1, 'the tar carries the Dockerfile the engine reads');
  assert.deepEqual(
    fromTar.filter((l) => !tarDockerfile.includes(l)),
    fromCli,
    'the tar upload sends what the CLI sends',
  );
  assert.deepEqual(fromSync, fromCli, 'the file sync sends what the CLI sends');
});

test('a context folder below the root, with its Dockerfile in an ignored folder: the same /ctx again', async () => {
  const syncRepo = await imageRepositoryFor(syncCore, registry, git, 'nested/sync');
  const tarRepo = await imageRepositoryFor(tarCore, registry, git, 'nested/tar');
  const commit = commitTree([join(git.root, 'nested/sync.git'), join(git.root, 'nested/tar.git')], {
    files: {
      'README.md': 'outside the context\n',
      'svc/.dockerignore': '*\n!src\n',
      'svc/docker/app.Dockerfile': 'FROM local/busybox\nCOPY . /ctx\n',
      'svc/docker/notes.txt': 'ignored with docker/\n',
      'svc/src/main.sh': '#!/bin/sh\n',
      'svc/src/empty-after/x.log': 'kept: only `*` at the top is ignored\n',
      'svc/top.txt': 'ignored\n',
    },
    executables: ['svc/src/main.sh'],
  });
  const checkout = checkoutOf(join(git.root, 'nested/sync.git'), commit);
  const cliImage = `local/parity-nested:${commit.slice(0, 12)}`;
  const built = await cli(engine, ['build', '-q', '-f', join(checkout, 'svc/docker/app.Dockerfile'), '-t', cliImage, join(checkout, 'svc')]);
  assert.equal(built.code, 0, built.stderr);

  const spec = rule({ contextDir: '/svc', dockerfile: 'docker/app.Dockerfile', tags: [{ template: 'nested' }] });
  await slipwayBuild(syncCore, syncRepo.id, (await call<BuildRule>(syncCore, 'rules:save', { repositoryId: syncRepo.id, spec })).id, commit);
  await slipwayBuild(tarCore, tarRepo.id, (await call<BuildRule>(tarCore, 'rules:save', { repositoryId: tarRepo.id, spec })).id, commit);

  const fromCli = await imageListing(engine, cliImage, '/ctx');
  assert.deepEqual(
    fromCli.map((l) => l.split(' ').pop()),
    ['/ctx', '/ctx/src', '/ctx/src/empty-after', '/ctx/src/empty-after/x.log', '/ctx/src/main.sh'],
  );
  assert.deepEqual(await imageListing(engine, `${registry.host}/team/sync:nested`, '/ctx'), fromCli, 'the file sync sends what the CLI sends');
  // Over the tar the engine reads the Dockerfile from the upload: it comes with its folder, and nothing else.
  const fromTar = await imageListing(engine, `${registry.host}/team/tar:nested`, '/ctx');
  assert.deepEqual(
    fromTar.filter((l) => !l.endsWith(' /ctx/docker') && !l.endsWith(' /ctx/docker/app.Dockerfile')),
    fromCli,
  );
  assert.equal(fromTar.length, fromCli.length + 2);
});
