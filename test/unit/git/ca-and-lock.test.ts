import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../../src/shared/errors';
import { gitEnv } from '../../../src/main/core/git/auth';
import { caFileFor } from '../../../src/main/core/git/ca-file';
import { KeyedLock } from '../../../src/main/core/git/keyed-lock';
import { tempDir } from '../../support/temp';

const pem = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----';

test('a private CA reaches git as http.<origin>.sslCAInfo, for that host only, and beats GIT_SSL_CAINFO', () => {
  const env = gitEnv('https://gitlab.corp.example:8443/acme/app.git', null, { PATH: '/bin', GIT_SSL_CAINFO: '/etc/other.pem' }, '/data/git-ca/x.pem');
  const pairs = Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]);
  assert.deepEqual(pairs.at(-1), ['http.https://gitlab.corp.example:8443/.sslCAInfo', '/data/git-ca/x.pem']);
  assert.equal(env.GIT_SSL_CAINFO, undefined);
  // Without a bound CA the user's own setting stays.
  assert.equal(gitEnv('https://gitlab.com/a/b.git', null, { GIT_SSL_CAINFO: '/etc/other.pem' }).GIT_SSL_CAINFO, '/etc/other.pem');
});

test('the CA file is private to the user, reused for the same PEM, and a new file for another', () => {
  const dataDir = tempDir();
  // A folder left world-readable (made by hand, or by an older version) is made private.
  mkdirSync(join(dataDir, 'git-ca'), { mode: 0o755 });
  chmodSync(join(dataDir, 'git-ca'), 0o755);
  const file = caFileFor(dataDir, pem);
  assert.equal(statSync(join(dataDir, 'git-ca')).mode & 0o777, 0o700);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(readFileSync(file, 'utf8'), `${pem}\n`);
  assert.equal(caFileFor(dataDir, pem), file);
  assert.notEqual(caFileFor(dataDir, `${pem}\n${pem}`), file);
});

test('a caller canceled while waiting for the lock leaves at once; the ones after it still wait their turn', async () => {
  const lock = new KeyedLock();
  const events: string[] = [];
  let finishHolder!: () => void;
  const holder = lock.run('m', () => new Promise<void>((resolve) => (finishHolder = () => (events.push('holder-'), resolve()))));
  const controller = new AbortController();
  const canceled = lock.run('m', async () => void events.push('canceled ran'), controller.signal);
  const next = lock.run('m', async () => void events.push('next+'));
  controller.abort();
  await assert.rejects(canceled, (e: unknown) => e instanceof AppError && e.code === 'canceled');
  assert.deepEqual(events, [], 'nobody ran while the holder held the lock');
  finishHolder();
  await Promise.all([holder, next]);
  assert.deepEqual(events, ['holder-', 'next+']);
  assert.equal(lock.busy('m'), false);
  // Already aborted: never queued.
  await assert.rejects(lock.run('m', async () => undefined, AbortSignal.abort()));
  assert.equal(lock.busy('m'), false);
});

test('the lock tells its holder whether another ran first (a fetch it may have to look at again)', async () => {
  const lock = new KeyedLock();
  assert.equal(await lock.run('m', async (waited) => waited), false, 'a free lock');
  let release!: () => void;
  const first = lock.run('m', (waited) => new Promise<boolean>((resolve) => (release = () => resolve(waited))));
  const second = lock.run('m', async (waited) => waited);
  const other = lock.run('n', async (waited) => waited);
  assert.equal(await other, false, 'another key does not wait');
  release();
  assert.deepEqual(await Promise.all([first, second]), [false, true]);
  assert.equal(await lock.run('m', async (waited) => waited), false, 'free again once both are done');
});
