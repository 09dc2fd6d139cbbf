import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeRepoPath } from '../../../src/main/core/builds/source/context-pack';
import { contextFilter, parseDockerignore } from '../../../src/main/core/builds/source/dockerignore';
import { gitEnv, gitFailure, lastGitLine, redact } from '../../../src/main/core/git/auth';
import { isLfsPath, parseGitattributes } from '../../../src/main/core/builds/source/gitattributes';
import { mirrorKeyForUrl } from '../../../src/main/core/git/mirror';
import { KeyedLock } from '../../../src/main/core/git/keyed-lock';
import { lfsEndpoint, parseLfsPointer } from '../../../src/main/core/builds/source/lfs';
import { resolveSubmoduleUrl } from '../../../src/main/core/builds/source/submodules';

const credential = { username: 'x-access-token', password: 'ghp_0123456789abcdefSECRET' };
const b64 = Buffer.from(`${credential.username}:${credential.password}`).toString('base64');

test('git gets the token as an extra header scoped to the repository host, and never a prompt', () => {
  const env = gitEnv('https://git.example.com:8443/acme/app.git', credential, { PATH: '/bin', GIT_ASKPASS: '/usr/bin/ksshaskpass', SSH_ASKPASS: 'x', EDITOR: 'vim', GIT_CONFIG_KEY_7: 'core.sshCommand', GIT_DIR: '/elsewhere' });
  assert.equal(env.GIT_TERMINAL_PROMPT, '0');
  assert.equal(env.PATH, '/bin');
  for (const gone of ['GIT_ASKPASS', 'SSH_ASKPASS', 'EDITOR', 'GIT_CONFIG_KEY_7', 'GIT_DIR']) assert.equal(env[gone], undefined, gone);
  const pairs = Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]);
  assert.deepEqual(pairs, [
    ['credential.helper', ''],
    ['core.askPass', ''],
    ['http.https://git.example.com:8443/.extraHeader', `Authorization: Basic ${b64}`],
  ]);
  const anonymous = gitEnv('https://git.example.com/acme/app.git', null, {});
  assert.equal(anonymous.GIT_CONFIG_COUNT, '2');
  assert.equal(JSON.stringify(anonymous).includes('Authorization'), false);
});

test('git failures become plain errors without the token', () => {
  const context = { url: 'https://git.example.com/acme/app.git', credential, action: 'fetch branches and tags' };
  const cases: [string, string][] = [
    ["fatal: unable to access 'https://git.example.com/acme/app.git/': The requested URL returned error: 401", 'unauthorized'],
    ["remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://git.example.com/acme/app.git/'", 'unauthorized'],
    ["fatal: could not read Username for 'https://git.example.com': terminal prompts disabled", 'unauthorized'],
    ["fatal: unable to access 'https://git.example.com/acme/app.git/': The requested URL returned error: 403", 'unauthorized'],
    ["remote: Repository not found.\nfatal: repository 'https://git.example.com/acme/app.git/' not found", 'not_found'],
    ['fatal: remote error: upload-pack: not our ref 0123456789abcdef0123456789abcdef01234567', 'not_found'],
    ["fatal: couldn't find remote ref refs/heads/nope", 'not_found'],
    ["fatal: unable to access 'https://git.example.com/acme/app.git/': Could not resolve host: git.example.com", 'unreachable'],
    ["fatal: unable to access 'https://git.example.com/acme/app.git/': Failed to connect to git.example.com port 443: Connection refused", 'unreachable'],
    ["fatal: unable to access 'https://git.example.com/': server certificate verification failed. CAfile: none CRLfile: none", 'tls'],
    ['fatal: something new', 'remote_error'],
  ];
  for (const [stderr, code] of cases) {
    const error = gitFailure(Object.assign(new Error(`${stderr}\nAuthorization: Basic ${b64}\n${credential.password}`), {}), context);
    assert.equal(error.code, code, stderr);
    assert.equal(JSON.stringify(error.toEnvelope()).includes(credential.password) || JSON.stringify(error.toEnvelope()).includes(b64), false, stderr);
    assert.ok(error.hint, `${code} has a hint`);
  }
  assert.equal(gitFailure(Object.assign(new Error('spawn git ENOENT'), { code: 'ENOENT' }), context).code, 'unavailable');
  assert.equal(redact(`Authorization: Basic ${b64} and https://user:pw@host/x and ${credential.password}`, credential), 'Authorization: Basic *** and https://host/x and ***');
  assert.equal(lastGitLine('hint: try this\nfatal: the reason\n', null), 'the reason');
});

test('.dockerignore reads as the docker CLI reads it', () => {
  assert.deepEqual(parseDockerignore('\uFEFF# comment\n\n /tmp/ \n./a/../b\n!keep.log\n*.log\n.\n  # not a comment\r\n'), ['tmp', 'b', '!keep.log', '*.log', '# not a comment']);
  const filter = contextFilter('*\n!src\nDockerfile\n');
  assert.equal(filter.sends('src/a.ts', false), true);
  assert.equal(filter.sends('README.md', false), false);
  assert.equal(filter.sends('Dockerfile', false), false, 'with BuildKit the CLI sends the Dockerfile apart, not in the context');
  assert.equal(contextFilter(null).sends('anything', false), true);
});

test('context and Dockerfile paths are taken relative to the repository root', () => {
  assert.equal(normalizeRepoPath('/'), '');
  assert.equal(normalizeRepoPath(''), '');
  assert.equal(normalizeRepoPath('./'), '');
  assert.equal(normalizeRepoPath('/services/api/'), 'services/api');
  assert.equal(normalizeRepoPath('services//api/./x'), 'services/api/x');
});

test('submodule URLs resolve against the parent as git does', () => {
  const parent = 'https://git.example.com/acme/app.git';
  assert.equal(resolveSubmoduleUrl(parent, '../lib.git'), 'https://git.example.com/acme/lib.git');
  assert.equal(resolveSubmoduleUrl(parent, '../../other/lib'), 'https://git.example.com/other/lib');
  assert.equal(resolveSubmoduleUrl(parent, './sub'), 'https://git.example.com/acme/app.git/sub');
  assert.equal(resolveSubmoduleUrl(parent, 'git@github.com:acme/lib.git'), 'https://github.com/acme/lib.git');
  assert.equal(resolveSubmoduleUrl(parent, 'ssh://git@gitlab.example.com/acme/lib.git'), 'https://gitlab.example.com/acme/lib.git');
  assert.equal(resolveSubmoduleUrl(parent, 'https://other.example.com/x.git'), 'https://other.example.com/x.git');
});

test('.gitattributes decides which files are LFS, the last matching line winning', () => {
  const rules = [
    ...parseGitattributes('', '*.bin filter=lfs diff=lfs merge=lfs -text\n/data/** filter=lfs\n# comment\n*.txt text\n'),
    ...parseGitattributes('vendor', '*.bin -filter\nassets/*.png filter=lfs\n'),
  ];
  assert.equal(isLfsPath(rules, 'models/w.bin'), true);
  assert.equal(isLfsPath(rules, 'w.bin'), true);
  assert.equal(isLfsPath(rules, 'data/a/b/c.csv'), true);
  assert.equal(isLfsPath(rules, 'src/data/c.csv'), false);
  assert.equal(isLfsPath(rules, 'notes.txt'), false);
  assert.equal(isLfsPath(rules, 'vendor/w.bin'), false);
  assert.equal(isLfsPath(rules, 'vendor/assets/logo.png'), true);
  assert.equal(isLfsPath(rules, 'vendor/assets/deep/logo.png'), false);
});

test('LFS pointers and endpoints', () => {
  const oid = 'a'.repeat(64);
  assert.deepEqual(parseLfsPointer(Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 123\n`)), { oid, size: 123 });
  assert.equal(parseLfsPointer(Buffer.from('just a file\n')), null);
  assert.equal(parseLfsPointer(Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:xyz\nsize 1\n`)), null);
  assert.equal(lfsEndpoint('https://h/acme/app.git'), 'https://h/acme/app.git/info/lfs');
  assert.equal(lfsEndpoint('https://h/acme/app'), 'https://h/acme/app.git/info/lfs');
});

test('mirror keys for submodules are stable, safe folder names', () => {
  const key = mirrorKeyForUrl('https://git.example.com/acme/lib.git');
  assert.match(key, /^git\.example\.com_acme_lib-[0-9a-f]{12}$/);
  assert.equal(mirrorKeyForUrl('https://git.example.com/acme/lib.git'), key);
  assert.notEqual(mirrorKeyForUrl('https://git.example.com/acme/lib2.git'), key);
});

test('the keyed lock runs one holder per key at a time and lets other keys through', async () => {
  const lock = new KeyedLock();
  const events: string[] = [];
  const slow = (name: string, ms: number) => async () => {
    events.push(`${name}+`);
    await new Promise((r) => setTimeout(r, ms));
    events.push(`${name}-`);
    return name;
  };
  const results = await Promise.all([lock.run('a', slow('a1', 30)), lock.run('a', slow('a2', 1)), lock.run('b', slow('b1', 1))]);
  assert.deepEqual(results, ['a1', 'a2', 'b1']);
  assert.ok(events.indexOf('a1-') < events.indexOf('a2+'), events.join(' '));
  assert.ok(events.indexOf('b1-') < events.indexOf('a1-'), 'another key is not held up');
  await assert.rejects(lock.run('a', async () => Promise.reject(new Error('boom'))));
  assert.equal(await lock.run('a', async () => 'after a failure'), 'after a failure');
  assert.equal(lock.busy('a'), false);
});
