import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { extract } from 'tar-stream';
import { packContext } from '../../../src/main/core/builds/source/context-pack';
import { sourceAdapter } from '../../../src/main/core/builds/source-adapter';
import { createGitAccess, GitMirror, lsRemote } from '../../../src/main/core/git';
import { AppError } from '../../../src/shared/errors';
import type { CodeRepositoryRef } from '../../../src/shared/models/code-repo';
import { ensureBusyboxImage, testEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { startLfsFront } from '../../support/lfs-server';
import { tempDir } from '../../support/temp';

// The source side of a build against a real git smart-HTTP server (git http-backend): mirrors,
// incremental fetches, tokens that never leave the environment, and the tar the engine builds from.
const user = { username: 'oauth2', password: 'tok-3c1f9a7e5b2d4e6f8a0c' };
const tokenB64 = Buffer.from(`${user.username}:${user.password}`).toString('base64');
let open: GitServer;
let locked: GitServer;
const dataDir = tempDir('slipway-source-');

// A `git` first on PATH that records its argv: the token must never be on a command line.
const wrapperDir = tempDir('slipway-git-wrapper-');
const argvLog = join(wrapperDir, 'argv.log');
const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
writeFileSync(join(wrapperDir, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec '${realGit}' "$@"\n`);
chmodSync(join(wrapperDir, 'git'), 0o755);
writeFileSync(argvLog, '');
process.env.PATH = `${wrapperDir}:${process.env.PATH ?? ''}`;

before(async () => {
  [open, locked] = await Promise.all([startGitServer(), startGitServer(user)]);
});
after(async () => {
  await Promise.all([open.stop(), locked.stop()]);
});

interface TarFile {
  readonly type: string;
  readonly mode: number;
  readonly size: number;
  readonly content: Buffer;
  readonly linkname: string | null;
}

async function readTar(stream: Readable): Promise<Map<string, TarFile>> {
  const files = new Map<string, TarFile>();
  const x = extract();
  const done = new Promise<void>((resolve, reject) => {
    x.on('entry', (header, body, next) => {
      const parts: Buffer[] = [];
      body.on('data', (c: unknown) => parts.push(c as Buffer));
      body.on('end', () => {
        files.set(header.name.replace(/^\.\//, ''), { type: header.type, mode: header.mode & 0o777, size: header.size, content: Buffer.concat(parts), linkname: header.linkname ?? null });
        next();
      });
    });
    x.on('finish', resolve);
    x.on('error', reject);
  });
  stream.on('error', (e) => x.destroy(e));
  stream.pipe(x as unknown as NodeJS.WritableStream);
  await done;
  return files;
}

function regularFiles(files: Map<string, TarFile>): Map<string, TarFile> {
  return new Map([...files].filter(([, f]) => f.type !== 'directory'));
}

function countObjectsKb(gitDir: string): number {
  const out = execFileSync('git', ['--git-dir', gitDir, 'count-objects', '-v'], { encoding: 'utf8' });
  const get = (key: string) => Number(/^(\S+): (\d+)$/m.exec(out.split('\n').filter((l) => l.startsWith(`${key}:`))[0] ?? '')?.[2] ?? 0);
  return get('size') + get('size-pack');
}

function allFileBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) parts.push(readFileSync(path));
  }
  return Buffer.concat(parts);
}

test('a mirror is a bare repository fetched incrementally: the second fetch moves only the new objects', async () => {
  const url = open.createRepo('acme/incremental');
  const big = randomBytes(2 * 1024 * 1024);
  const first = open.commit('acme/incremental', 'main', { 'big.bin': big, 'README.md': 'hello\n' }, 'first commit\n\nbody text');
  const mirror = new GitMirror({ dataDir, key: 'incremental', url });
  const refs = await mirror.fetchRefs();
  assert.equal(refs.get('refs/heads/main'), first);
  assert.equal(readFileSync(join(mirror.path, 'HEAD'), 'utf8').length > 0, true);
  assert.equal(execFileSync('git', ['--git-dir', mirror.path, 'rev-parse', '--is-bare-repository'], { encoding: 'utf8' }).trim(), 'true');
  const afterFirst = countObjectsKb(mirror.path);
  assert.ok(afterFirst >= 2000, `first fetch brought ${afterFirst} KB`);

  const second = open.commit('acme/incremental', 'main', { 'README.md': 'hello again\n' });
  open.tag('acme/incremental', 'v1.0.0', second);
  const before = open.requests.length;
  const refs2 = await mirror.fetchRefs();
  assert.equal(refs2.get('refs/heads/main'), second);
  assert.equal(refs2.get('refs/tags/v1.0.0'), second);
  const added = countObjectsKb(mirror.path) - afterFirst;
  assert.ok(added < 64, `second fetch added ${added} KB`);
  assert.ok(open.requests.length - before <= 4, `second fetch took ${open.requests.length - before} requests`);

  // Deleted branches go with --prune; a fetch by ref resolves; commit metadata reads from the mirror.
  open.commit('acme/incremental', 'feature', { 'f.txt': 'f' });
  assert.equal((await mirror.fetchRefs()).has('refs/heads/feature'), true);
  open.deleteBranch('acme/incremental', 'feature');
  assert.equal((await mirror.fetchRefs()).has('refs/heads/feature'), false);
  assert.equal(await mirror.resolve({ kind: 'tag', name: 'v1.0.0' }), second);
  const info = await mirror.commitInfo(first);
  assert.equal(info.commit, first);
  assert.equal(info.message, 'first commit');
  assert.match(info.committedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  await assert.rejects(mirror.resolve({ kind: 'branch', name: 'nope' }), (e: unknown) => e instanceof AppError && e.code === 'not_found' && /nope/.test(e.message));
});

test('one commit is fetched by id into a fresh mirror; a missing commit is not_found', async () => {
  const url = open.createRepo('acme/by-id');
  const a = open.commit('acme/by-id', 'main', { 'a.txt': 'a' });
  const b = open.commit('acme/by-id', 'main', { 'b.txt': 'b' });
  const mirror = new GitMirror({ dataDir, key: 'by-id', url });
  await mirror.ensureCommit(a);
  assert.equal(await mirror.hasCommit(a), true);
  assert.equal(await mirror.hasCommit(b), false, 'only what was asked for came');
  await assert.rejects(mirror.ensureCommit('0123456789abcdef0123456789abcdef01234567'), (e: unknown) => e instanceof AppError && e.code === 'not_found' && /0123456/.test(e.message));
});

test('a commit fetched by id after another brings only what is new: the mirror keeps what it fetched under a ref to negotiate from', async () => {
  const url = open.createRepo('acme/by-id-twice');
  // 2 MiB that do not compress, and more objects than git unpacks (fetch.unpackLimit, 100): a
  // fetch that sends them all again is kept as a second pack, not dropped as loose objects it has.
  const files: Record<string, string | Buffer> = { 'big.bin': randomBytes(2 << 20) };
  for (let i = 0; i < 120; i++) files[`small/${i}.txt`] = `file ${i}\n`;
  const a = open.commit('acme/by-id-twice', 'main', files);
  const b = open.commit('acme/by-id-twice', 'main', { 'small.txt': 'one line' });
  const mirror = new GitMirror({ dataDir, key: 'by-id-twice', url });
  const stored = () => {
    const counts = Object.fromEntries(execFileSync('git', ['count-objects', '-v'], { cwd: mirror.path, encoding: 'utf8' }).trim().split('\n').map((l) => l.split(': ') as [string, string]));
    return (Number(counts['size-pack']) + Number(counts.size)) * 1024;
  };
  await mirror.ensureCommit(a);
  const first = stored();
  assert.ok(first > 2 << 20, `the first fetch brought the big file (${first} bytes stored)`);
  await mirror.ensureCommit(b);
  assert.equal(await mirror.hasCommit(b), true);
  // Without a ref to negotiate from, the server sent everything again: the mirror doubled.
  assert.ok(stored() - first < 256 << 10, `the second fetch brought ${stored() - first} bytes for a one-line file`);
  assert.equal(execFileSync('git', ['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags'], { cwd: mirror.path, encoding: 'utf8' }), '', 'no branch or tag was made up');
});

test('a commit read from a mirror that lacks it, or before the mirror exists, is null rather than an error; a re-bound address is followed', async () => {
  const url = open.createRepo('acme/present');
  const a = open.commit('acme/present', 'main', { 'a.txt': 'a' });
  const b = open.commit('acme/present', 'main', { 'b.txt': 'b' });
  const mirror = new GitMirror({ dataDir, key: 'present', url });
  assert.equal(await mirror.commitInfoIfPresent(a), null, 'no mirror yet');
  await mirror.ensureCommit(a);
  assert.equal((await mirror.commitInfoIfPresent(a))?.commit, a);
  assert.equal(await mirror.commitInfoIfPresent(b), null, 'not fetched yet');
  // The same folder under another address (the code repository re-bound): the next fetch follows it,
  // although this process already checked the folder's address once.
  const moved = open.createRepo('acme/present-moved');
  const c = open.commit('acme/present-moved', 'main', { 'c.txt': 'c' });
  await new GitMirror({ dataDir, key: 'present', url: moved }).ensureCommit(c);
  assert.equal(execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: mirror.path, encoding: 'utf8' }).trim(), moved);
  await mirror.ensureCommit(b);
  assert.equal(execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: mirror.path, encoding: 'utf8' }).trim(), url, 'and back');
});

test('two builds fetching the same mirror at once do not trip over each other', async () => {
  const url = open.createRepo('acme/concurrent');
  const heads: string[] = [];
  for (let i = 0; i < 3; i++) heads.push(open.commit('acme/concurrent', `b${i}`, { [`f${i}.txt`]: String(i) }));
  const mirrors = [0, 1, 2, 3].map(() => new GitMirror({ dataDir, key: 'concurrent', url }));
  const results = await Promise.all([...mirrors.map((m) => m.fetchRefs()), mirrors[0]!.ensureCommit(heads[2]!), mirrors[1]!.fetchRef({ kind: 'branch', name: 'b1' })]);
  for (const r of results.slice(0, 4)) assert.equal((r as ReadonlyMap<string, string>).get('refs/heads/b0'), heads[0]);
  execFileSync('git', ['--git-dir', mirrors[0]!.path, 'fsck', '--no-progress'], { stdio: 'pipe' });
});

test('the token reaches git only through the environment: not the URL, config, argv, files or errors', async () => {
  const url = locked.createRepo('acme/private');
  const head = locked.commit('acme/private', 'main', { 'Dockerfile': 'FROM scratch\n' });
  writeFileSync(argvLog, '');

  const anonymous = new GitMirror({ dataDir, key: 'private-anon', url });
  await assert.rejects(anonymous.fetchRefs(), (e: unknown) => e instanceof AppError && e.code === 'unauthorized' && /private/.test(e.hint ?? ''));

  const wrong = new GitMirror({ dataDir, key: 'private-wrong', url, auth: { credential: { username: user.username, password: 'tok-wrong-0000000000' }, caCertPem: null } });
  await assert.rejects(wrong.fetchRefs(), (e: unknown) => e instanceof AppError && e.code === 'unauthorized' && !JSON.stringify(e.toEnvelope()).includes('tok-wrong') && /token/.test(e.message));

  const mirror = new GitMirror({ dataDir, key: 'private', url, auth: async () => ({ credential: user, caCertPem: null }) });
  assert.equal((await mirror.fetchRefs()).get('refs/heads/main'), head);
  await mirror.ensureCommit(head);
  assert.equal((await packContext({ mirror, commit: head, contextDir: '/', dockerfile: 'Dockerfile' })).files, 1);

  for (const secret of [user.password, tokenB64]) {
    assert.equal(readFileSync(join(mirror.path, 'config'), 'utf8').includes(secret), false, 'not in .git/config');
    assert.equal(allFileBytes(mirror.path).includes(secret), false, 'in no file of the mirror');
    assert.equal(readFileSync(argvLog, 'utf8').includes(secret), false, 'on no command line');
    for (const r of locked.requests) assert.equal(decodeURIComponent(r.url).includes(secret) || r.url.includes(user.username), false, `not in ${r.url}`);
  }
  assert.ok(readFileSync(argvLog, 'utf8').includes('fetch'), 'the argv spy saw the fetches');
  assert.ok(locked.requests.some((r) => r.authorization === `Basic ${tokenB64}`), 'the server got the token as a header');
});

test('an unreachable host and a missing repository are told apart', async () => {
  const gone = new GitMirror({ dataDir, key: 'unreachable', url: 'http://127.0.0.1:9/acme/x.git' });
  await assert.rejects(gone.fetchRefs(), (e: unknown) => e instanceof AppError && e.code === 'unreachable');
  const missing = new GitMirror({ dataDir, key: 'missing', url: `${open.url}/acme/does-not-exist.git` });
  await assert.rejects(missing.fetchRefs(), (e: unknown) => e instanceof AppError && e.code === 'not_found');
  assert.throws(() => new GitMirror({ dataDir, key: 'x', url: `http://alice:secret@127.0.0.1/x.git` }), (e: unknown) => e instanceof AppError && e.code === 'invalid_input');
});

const commitEnv = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.invalid' };

/** A working copy of `repo`'s main branch, for what the server helper cannot commit (modes, symlinks, gitlinks). */
function workingCopy(server: GitServer, repo: string): { dir: string; git: (...args: string[]) => string } {
  const dir = tempDir('slipway-work-');
  execFileSync('git', ['clone', '-q', '-b', 'main', join(server.root, `${repo}.git`), dir]);
  return { dir, git: (...args) => execFileSync('git', ['-C', dir, ...args], { env: commitEnv, encoding: 'utf8' }).trim() };
}

function archive(server: GitServer, repo: string, commit: string, dir: string): Promise<Map<string, TarFile>> {
  const tar = execFileSync('git', ['--git-dir', join(server.root, `${repo}.git`), 'archive', '--format=tar', dir === '' ? commit : `${commit}:${dir}`], { maxBuffer: 1 << 30 });
  return readTar(Readable.from([tar]));
}

test('the context is the rule’s folder at the commit, equal to git archive minus .dockerignore, modes kept', async () => {
  const url = open.createRepo('acme/app');
  const script = Buffer.from('#!/bin/sh\necho hi\n');
  const binary = Buffer.from(Array.from({ length: 600_000 }, (_, i) => (i * 31 + (i >> 9)) & 0xff));
  open.commit('acme/app', 'main', {
    'README.md': 'root readme, outside the context\n',
    'services/api/Dockerfile': 'FROM local/busybox\nCOPY . /app\n',
    'services/api/build/Dockerfile.prod': 'FROM local/busybox\n',
    'services/api/.dockerignore': '# comment\n\n*.log\n/tmp\nnode_modules\n!important.log\nDockerfile\n.dockerignore\n',
    'services/api/src/main.js': 'console.log(1)\n',
    'services/api/src/deep/er/file.txt': 'deep\n',
    'services/api/run.sh': script,
    'services/api/data.bin': binary,
    'services/api/debug.log': 'ignored\n',
    'services/api/important.log': 'kept by !\n',
    'services/api/tmp/x': 'ignored\n',
    'services/api/node_modules/lib/index.js': 'ignored\n',
    'services/api/sub/node_modules/kept-not-root.js': 'node_modules without ** only matches at the root\n',
    [`services/api/${'long-name-'.repeat(12)}/${'x'.repeat(120)}.txt`]: 'a long path needs a PAX header\n',
  });
  // Executable bit and a symlink, as git records them (the helper writes plain files).
  const work = workingCopy(open, 'acme/app');
  chmodSync(join(work.dir, 'services/api/run.sh'), 0o755);
  symlinkSync('src/main.js', join(work.dir, 'services/api/entry.js'));
  work.git('add', '-A');
  work.git('commit', '-qm', 'modes');
  work.git('push', '-q', 'origin', 'HEAD:main');
  const commit = work.git('rev-parse', 'HEAD');

  const mirror = new GitMirror({ dataDir, key: 'app', url });
  const packed = await packContext({ mirror, commit, contextDir: '/services/api/', dockerfile: 'Dockerfile' });
  assert.equal(packed.dockerfilePathInContext, 'Dockerfile');
  const got = regularFiles(await readTar(packed.stream));
  const expected = regularFiles(await archive(open, 'acme/app', commit, 'services/api'));
  // .dockerignore ignores itself and the Dockerfile: the CLI (BuildKit) leaves both out of the
  // context; a tar still carries the Dockerfile, which the engine reads from it.
  const ignored = ['debug.log', 'tmp/x', 'node_modules/lib/index.js', '.dockerignore'];
  for (const path of ignored) assert.ok(expected.has(path), `${path} is in git archive`);
  assert.deepEqual([...got.keys()].sort(), [...expected.keys()].filter((p) => !ignored.includes(p)).sort());
  for (const [path, file] of got) {
    const want = expected.get(path)!;
    assert.equal(file.type, want.type, path);
    if (file.type === 'symlink') assert.equal(file.linkname, want.linkname, path);
    else assert.ok(file.content.equals(want.content), `${path} content`);
    // git archive applies umask 002 (0664/0775); the engine sees what a checkout has: 0644/0755.
    assert.equal(file.mode & 0o111, want.mode & 0o111, `${path} executable bit`);
  }
  assert.equal(got.get('run.sh')!.mode, 0o755);
  assert.equal(got.get('src/main.js')!.mode, 0o644);
  assert.equal(got.get('entry.js')!.type, 'symlink');
  assert.equal(got.get('entry.js')!.linkname, 'src/main.js');
  assert.ok(got.has('Dockerfile') && !got.has('.dockerignore'), 'the Dockerfile travels in the tar; the ignored .dockerignore does not');
  assert.equal(got.has('important.log'), true);
  assert.equal(packed.files, got.size);
  assert.equal(packed.bytes, [...got.values()].reduce((n, f) => n + (f.type === 'symlink' ? f.linkname!.length : f.size), 0));
  assert.equal(packed.ignored, ignored.length);

  // A Dockerfile in a sub-folder of the context is named relative to the context.
  const nested = await packContext({ mirror, commit, contextDir: 'services/api', dockerfile: 'build/Dockerfile.prod' });
  assert.equal(nested.dockerfilePathInContext, 'build/Dockerfile.prod');
  // A consumer that goes away (a canceled build) stops the git reader behind the stream.
  nested.stream.once('data', () => nested.stream.destroy());
  await new Promise((resolve) => nested.stream.once('close', resolve));
  let readers = 1;
  for (let i = 0; i < 50 && readers > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    readers = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(mirror.path) && l.includes('cat-file')).length;
  }
  assert.equal(readers, 0, 'no git cat-file left running');
});

test('no Dockerfile where the rule says: not_found naming the path, the commit and the Dockerfiles that exist', async () => {
  const url = open.createRepo('acme/wrong-path');
  const commit = open.commit('acme/wrong-path', 'main', { 'docker/Dockerfile': 'FROM x\n', 'web/Dockerfile.dev': 'FROM y\n', 'web/index.html': '<p>' });
  const mirror = new GitMirror({ dataDir, key: 'wrong-path', url });
  await assert.rejects(packContext({ mirror, commit, contextDir: 'web', dockerfile: 'Dockerfile' }), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, 'not_found');
    assert.equal(e.message, `No Dockerfile at web/Dockerfile in ${commit.slice(0, 7)}.`);
    assert.match(e.hint ?? '', /web\/Dockerfile\.dev, docker\/Dockerfile/);
    return true;
  });
  await assert.rejects(packContext({ mirror, commit, contextDir: 'nowhere', dockerfile: 'Dockerfile' }), (e: unknown) => e instanceof AppError && e.code === 'not_found' && /nowhere/.test(e.message));
});

test('submodules inside the context are fetched into their own mirrors and included at the recorded commit', async () => {
  const libUrl = locked.createRepo('acme/lib');
  const libOld = locked.commit('acme/lib', 'main', { 'lib.txt': 'v1\n', 'nested/util.sh': '#!/bin/sh\n' });
  locked.commit('acme/lib', 'main', { 'lib.txt': 'v2 — not the recorded commit\n' });
  const url = locked.createRepo('acme/with-sub');
  locked.commit('acme/with-sub', 'main', { 'Dockerfile': 'FROM local/busybox\nCOPY . /app\n', '.gitmodules': '[submodule "lib"]\n\tpath = vendor/lib\n\turl = ../lib.git\n' });
  const work = workingCopy(locked, 'acme/with-sub');
  work.git('update-index', '--add', '--cacheinfo', `160000,${libOld},vendor/lib`);
  work.git('commit', '-qm', 'add submodule');
  work.git('push', '-q', 'origin', 'HEAD:main');
  const commit = work.git('rev-parse', 'HEAD');

  const mirror = new GitMirror({ dataDir, key: 'with-sub', url, auth: { credential: user, caCertPem: null } });
  const packed = await packContext({ mirror, commit, contextDir: '/', dockerfile: 'Dockerfile' });
  assert.deepEqual(packed.submodules, ['vendor/lib']);
  const got = regularFiles(await readTar(packed.stream));
  assert.equal(got.get('vendor/lib/lib.txt')?.content.toString(), 'v1\n');
  assert.equal(got.has('vendor/lib/nested/util.sh'), true);
  // The submodule's mirror is its own, and it was fetched with the same host's token.
  const libMirror = mirror.related(libUrl);
  assert.equal(await libMirror.hasCommit(libOld), true);
  assert.equal(readFileSync(join(libMirror.path, 'config'), 'utf8').includes(user.password), false);
});

test('the packed context builds on the real engine (POST /build?version=2, BuildKit)', async () => {
  const engine = await testEngine();
  const base = await ensureBusyboxImage(engine);
  const url = open.createRepo('acme/buildable');
  const commit = open.commit('acme/buildable', 'main', {
    'app/docker/Dockerfile': `FROM ${base}\nCOPY . /app\nRUN ls -la /app /app/src && test -x /app/run.sh && test ! -e /app/secret.txt && cat /app/src/hello.txt\n`,
    'app/.dockerignore': 'secret.txt\n',
    'app/secret.txt': 'must not be sent\n',
    'app/src/hello.txt': 'hello from the mirror\n',
    'app/run.sh': '#!/bin/sh\n',
  });
  const work = workingCopy(open, 'acme/buildable');
  chmodSync(join(work.dir, 'app/run.sh'), 0o755);
  work.git('commit', '-qam', 'exec');
  work.git('push', '-q', 'origin', 'HEAD:main');
  const head = work.git('rev-parse', 'HEAD');
  assert.notEqual(head, commit);

  const mirror = new GitMirror({ dataDir, key: 'buildable', url });
  const packed = await packContext({ mirror, commit: head, contextDir: 'app', dockerfile: 'docker/Dockerfile' });
  const query = new URLSearchParams({ version: '2', dockerfile: packed.dockerfilePathInContext, t: 'slipway-test/source-pack:latest', nocache: '1' });
  const body = await new Promise<string>((resolve, reject) => {
    const req = request({ socketPath: engine.socketPath, path: `/v1.41/build?${query}`, method: 'POST', headers: { 'Content-Type': 'application/x-tar' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    packed.stream.pipe(req);
  });
  const messages = body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id?: string; error?: string; errorDetail?: unknown });
  const failed = messages.find((m) => m.error !== undefined);
  assert.equal(failed, undefined, `build failed: ${failed?.error}`);
  assert.ok(messages.some((m) => m.id === 'moby.image.id'), 'the engine reported the built image');
});

test('a sub-folder that is not there, or a folder path leaving the repository, is refused before any stream', async () => {
  const url = open.createRepo('acme/escape');
  const commit = open.commit('acme/escape', 'main', { Dockerfile: 'FROM x\n' });
  const mirror = new GitMirror({ dataDir, key: 'escape', url });
  await assert.rejects(packContext({ mirror, commit, contextDir: '/', dockerfile: '../Dockerfile' }), (e: unknown) => e instanceof AppError && e.code === 'invalid_input');
});

test('Git LFS files marked in .gitattributes are packed with their real content, fetched once through the batch API', async () => {
  const lfs = await startLfsFront(locked, user);
  try {
    locked.createRepo('acme/lfs');
    const model = randomBytes(300_000);
    const pointer = lfs.store(model);
    const commit = locked.commit('acme/lfs', 'main', {
      '.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\ndocs/** -filter\n',
      'Dockerfile': 'FROM local/busybox\n',
      'models/weights.bin': pointer,
      // Looks like a pointer but no attribute sends it through LFS: git would check it out as is.
      'notes/pointer.txt': pointer,
      'docs/also.bin': pointer,
      'models/Dockerfile': 'FROM local/busybox\n',
    });
    const mirror = new GitMirror({ dataDir, key: 'lfs', url: `${lfs.url}/acme/lfs.git`, auth: { credential: user, caCertPem: null } });
    const packed = await packContext({ mirror, commit, contextDir: '/', dockerfile: 'Dockerfile' });
    assert.equal(packed.lfsFiles, 1);
    const got = regularFiles(await readTar(packed.stream));
    assert.ok(got.get('models/weights.bin')!.content.equals(model), 'the real content, not the pointer');
    assert.equal(got.get('notes/pointer.txt')!.content.toString(), pointer);
    assert.equal(got.get('docs/also.bin')!.content.toString(), pointer, '-filter in a later line wins');
    assert.equal(packed.bytes, [...got.values()].reduce((n, f) => n + f.size, 0));
    const batches = () => lfs.requests.filter((r) => r.url.endsWith('/info/lfs/objects/batch')).length;
    assert.equal(batches(), 1);
    for (const r of lfs.requests) assert.equal(r.url.includes(user.password) || r.url.includes(tokenB64), false);
    assert.ok(lfs.requests.filter((r) => r.url.includes('lfs')).every((r) => r.authorization === `Basic ${tokenB64}`));

    // Cached in the mirror: the next build of the commit asks nothing; the root's attributes apply to a sub-folder context.
    const sub = await packContext({ mirror, commit, contextDir: 'models', dockerfile: 'Dockerfile' });
    assert.equal(sub.lfsFiles, 1);
    assert.ok(regularFiles(await readTar(sub.stream)).get('weights.bin')!.content.equals(model));
    assert.equal(batches(), 1);

    // A pointer whose object was never pushed fails before the stream, naming the file.
    const lost = locked.commit('acme/lfs', 'main', { 'models/lost.bin': 'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'ab'.repeat(32) + '\nsize 12\n' });
    await assert.rejects(packContext({ mirror, commit: lost, contextDir: '/', dockerfile: 'Dockerfile' }), (e: unknown) => e instanceof AppError && e.code === 'not_found' && /models\/lost\.bin/.test(e.message) && /lfs push/.test(e.hint ?? ''));
    // Without the token the LFS storage refuses, and says so.
    const anonymous = new GitMirror({ dataDir, key: 'lfs', url: `${lfs.url}/acme/lfs.git` });
    rmSync(join(mirror.path, 'lfs'), { recursive: true, force: true });
    await assert.rejects(packContext({ mirror: anonymous, commit, contextDir: '/', dockerfile: 'Dockerfile' }), (e: unknown) => e instanceof AppError && e.code === 'unauthorized' && /LFS/.test(e.message));
  } finally {
    await lfs.stop();
  }
});

test('a fetch from a host that never answers is stopped by cancel or by the silence timeout', async () => {
  const sockets = new Set<Socket>();
  const controller = new AbortController();
  // Cancel once git is really waiting on the host, whatever the machine's speed.
  const hang = createServer(() => controller.abort());
  hang.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
  const port = (hang.address() as AddressInfo).port;
  try {
    const canceled = new GitMirror({ dataDir, key: 'hang-cancel', url: `http://127.0.0.1:${port}/acme/x.git`, signal: controller.signal });
    await assert.rejects(canceled.fetchRefs(), (e: unknown) => e instanceof AppError && e.code === 'canceled');
    const silent = new GitMirror({ dataDir, key: 'hang-timeout', url: `http://127.0.0.1:${port}/acme/x.git`, timeoutMs: 400 });
    await assert.rejects(silent.fetchRefs(), (e: unknown) => e instanceof AppError && e.code === 'timeout');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => hang.close(resolve));
  }
});

test('ls-remote lists branches and tags with the token from the environment only', async () => {
  const url = locked.createRepo('acme/listed');
  const head = locked.commit('acme/listed', 'main', { 'a.txt': 'a' });
  locked.tag('acme/listed', 'v1', head);
  writeFileSync(argvLog, '');
  const refs = await lsRemote(url, { credential: user, caCertPem: null }, { dataDir });
  assert.equal(refs.get('refs/heads/main'), head);
  assert.equal(refs.get('refs/tags/v1'), head);
  assert.equal(readFileSync(argvLog, 'utf8').includes(user.password) || readFileSync(argvLog, 'utf8').includes(tokenB64), false);
  assert.ok(readFileSync(argvLog, 'utf8').includes('ls-remote'));
  await assert.rejects(lsRemote(url, { credential: null, caCertPem: null }, { dataDir }), (e: unknown) => e instanceof AppError && e.code === 'unauthorized');
});

test('a bound code repository’s mirror asks its code source for the token at each fetch', async () => {
  const url = locked.createRepo('acme/bound');
  const head = locked.commit('acme/bound', 'main', { 'a.txt': 'a' });
  const asked: string[] = [];
  const git = createGitAccess({ dataDir, auth: { gitAuthFor: async (sourceId: string) => (asked.push(sourceId), { credential: user, caCertPem: null }) } });
  const mirror = git.mirror({ cloneUrl: url, sourceId: 'src-1' });
  assert.equal(await mirror.resolve({ kind: 'branch', name: 'main' }), head);
  await mirror.fetchRefs();
  assert.deepEqual(asked, ['src-1', 'src-1']);
  const publicMirror = git.mirror({ cloneUrl: `${open.url}/acme/none.git`, sourceId: null });
  assert.equal(await publicMirror.credential(), null);
  assert.equal(asked.length, 2);
});

test('a Dockerfile’s own <name>.dockerignore wins; annotated tags resolve to their commit; an unread context starts no reader', async () => {
  const url = open.createRepo('acme/specific');
  open.commit('acme/specific', 'main', {
    'Dockerfile': 'FROM scratch\n',
    'build/api.Dockerfile': 'FROM scratch\n',
    'build/api.Dockerfile.dockerignore': 'docs\n',
    '.dockerignore': 'src\n',
    'src/a.ts': 'a',
    'docs/x.md': 'x',
  });
  const work = workingCopy(open, 'acme/specific');
  work.git('tag', '-a', 'v2.0.0', '-m', 'release');
  work.git('push', '-q', 'origin', 'v2.0.0');
  const commit = work.git('rev-parse', 'HEAD');
  const mirror = new GitMirror({ dataDir, key: 'specific', url });
  const refs = await mirror.fetchRefs();
  assert.equal(refs.get('refs/tags/v2.0.0'), commit, 'peeled to the commit');
  assert.equal(await mirror.resolve({ kind: 'tag', name: 'v2.0.0' }), commit);

  const api = regularFiles(await readTar((await packContext({ mirror, commit, contextDir: '/', dockerfile: 'build/api.Dockerfile' })).stream));
  assert.equal(api.has('src/a.ts'), true);
  assert.equal(api.has('docs/x.md'), false);
  const plain = regularFiles(await readTar((await packContext({ mirror, commit, contextDir: '/', dockerfile: 'Dockerfile' })).stream));
  assert.equal(plain.has('src/a.ts'), false);
  assert.equal(plain.has('docs/x.md'), true);

  const unread = await packContext({ mirror, commit, contextDir: '/', dockerfile: 'Dockerfile' });
  unread.stream.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const readers = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(mirror.path) && l.includes('cat-file'));
  assert.deepEqual(readers, []);

  await mirror.remove();
  assert.equal(existsSync(mirror.path), false);
  assert.equal((await mirror.fetchRefs()).get('refs/tags/v2.0.0'), commit, 'made anew on the next fetch');
});

test('a build plans its context once: the size that picks the transport and the tar read one listing; another build lists again', async () => {
  const url = open.createRepo('acme/planned-once');
  const commit = open.commit('acme/planned-once', 'main', { Dockerfile: 'FROM scratch\nCOPY . /\n', 'app.txt': 'one\n', 'lib/util.txt': 'two\n' });
  const source = sourceAdapter(createGitAccess({ dataDir }));
  const repo: CodeRepositoryRef = { provider: 'git', sourceId: null, fullName: 'acme/planned-once', cloneUrl: url };
  const listings = () => readFileSync(argvLog, 'utf8').split('\n').filter((l) => l.includes('ls-tree -r -z --long')).length;
  await source.fetch(repo, { commit });
  writeFileSync(argvLog, '');
  const build = new AbortController().signal;
  const synced = await source.sync!(repo, commit, '/', 'Dockerfile', build);
  const packed = await source.pack(repo, commit, '/', 'Dockerfile', build);
  assert.equal(synced.files, 3);
  assert.deepEqual([...(await readTar(packed.stream)).keys()].filter((k) => !k.endsWith('/')).sort(), ['Dockerfile', 'app.txt', 'lib/util.txt']);
  assert.equal(listings(), 1, 'one ls-tree of the context for both');
  await source.pack(repo, commit, '/', 'Dockerfile', new AbortController().signal);
  assert.equal(listings(), 2, 'another build plans anew');
});
