import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { startGitServer } from '../../support/git-server';
import { freePort } from '../../support/ports';
import { RecordingEnqueuer } from '../../support/recording-enqueuer';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';
import { boundRepository, ok, ruleBase, sleep, until } from '../../support/triggers';

const server = await startGitServer();
after(() => server.stop());

// A real push GitHub sent (branch master created), as recorded in npm @octokit/webhooks-examples.
const require = createRequire(import.meta.url);
const recorded = (JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as { name: string; examples: { ref: string; created: boolean }[] }[])
  .find((e) => e.name === 'push')
  ?.examples.find((p) => p.ref === 'refs/heads/master' && p.created);
if (!recorded) throw new Error('@octokit/webhooks-examples has no "branch created" push');
const payload = Buffer.from(JSON.stringify(recorded, null, 2));
const secret = 'hook-secret-3c9a7e51f0b24d86';

function sign(body: Buffer, key: string): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
}

test('the receiver accepts a signed GitHub push, refuses a bad signature, and builds each (rule, commit) once', async () => {
  const url = server.createRepo('acme/hooked');
  server.commit('acme/hooked', 'main', { Dockerfile: 'FROM busybox\n' });
  const enqueuer = new RecordingEnqueuer();
  const dir = tempDir();
  const core = testCore(dir, undefined, { enqueuer });
  const { repository, ruleIds } = await boundRepository(core, url, [
    { ...ruleBase, type: 'branch', source: 'master' },
    { ...ruleBase, type: 'tag', source: '.*', isRegex: true },
  ]);
  const port = await freePort();
  await ok(core, 'settings:update', { hookPort: port, watchIntervalSeconds: 3600 });
  const info = await until('the listener', async () => {
    const i = await ok(core, 'triggers:hookInfo', { repositoryId: repository.id });
    return i.url ? i : null;
  });
  assert.equal(info.url, `http://127.0.0.1:${port}/hooks/${repository.id}`);
  assert.equal(info.hasSecret, false);

  const post = (headers: Record<string, string>, body: Buffer = payload) =>
    fetch(info.url ?? '', { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958', ...headers }, body: new Uint8Array(body) });

  // No secret set yet: nothing is accepted.
  assert.equal((await post({ 'x-hub-signature-256': sign(payload, secret) })).status, 404);
  const short = await core.call('triggers:setHookSecret', { repositoryId: repository.id, secret: 'short' });
  assert.equal(short.ok, false);
  const set = await ok(core, 'triggers:setHookSecret', { repositoryId: repository.id, secret });
  assert.equal(set.hasSecret, true);
  assert.equal(JSON.stringify(set).includes(secret), false);
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  assert.equal(readFileSync(`${dir}/slipway.db`).includes(Buffer.from(secret)), false, 'the secret is in the vault, not the database');

  const bad = await post({ 'x-hub-signature-256': sign(payload, 'another-secret-entirely') });
  assert.equal(bad.status, 401);
  const unsigned = await post({});
  assert.equal(unsigned.status, 401);
  const tampered = Buffer.from(payload.toString('utf8').replace('refs/heads/master', 'refs/tags/master'));
  assert.equal((await post({ 'x-hub-signature-256': sign(payload, secret) }, tampered)).status, 401);
  await sleep(300);
  assert.equal(enqueuer.builds.length, 0);

  const good = await post({ 'x-hub-signature-256': sign(payload, secret) });
  assert.equal(good.status, 202);
  const [build] = await enqueuer.waitFor(1);
  assert.deepEqual(
    { rule: build?.request.ruleId, ref: build?.request.ref, commit: build?.request.commit, trigger: build?.request.trigger },
    { rule: ruleIds[0], ref: { kind: 'branch', name: 'master' }, commit: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', trigger: 'push' },
  );
  // GitHub redelivers: the same push again builds nothing new.
  assert.equal((await post({ 'x-hub-signature-256': sign(payload, secret) })).status, 202);
  await until('the redelivery', () => enqueuer.duplicates.length === 1);
  assert.equal(enqueuer.builds.length, 1);
  // A ping is answered and ignored.
  const ping = Buffer.from('{"zen":"Keep it logically awesome.","hook_id":1}');
  assert.equal((await post({ 'x-github-event': 'ping', 'x-hub-signature-256': sign(ping, secret) }, ping)).status, 200);

  const messages = (await ok(core, 'activity:list', { subject: repository.id })).map((a) => a.message).join('\n');
  assert.match(messages, /Refused a GitHub push hook: the signature does not match the secret/);
  // Three refusals, one line: probing the port cannot flood the activity.
  assert.equal(messages.match(/Refused a GitHub push hook/g)?.length, 1);
  assert.match(messages, /Branch master was created at 6113728 \(push hook\): rule “branch master” queued build #1/);

  // A port another program holds: the repository page says so.
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const takenPort = (taken.address() as AddressInfo).port;
  await ok(core, 'settings:update', { hookPort: takenPort });
  const problem = await until('the listener problem', async () => {
    const hookInfo = await ok(core, 'triggers:hookInfo', { repositoryId: repository.id });
    return hookInfo.listenerProblem ? hookInfo : undefined;
  });
  assert.match(problem.listenerProblem ?? '', new RegExp(`Port ${takenPort} is already in use by another program`));
  assert.equal(createTranslator('zh-CN').word(problem.listenerProblemPhrase ?? ''), `端口 ${takenPort} 已被其他程序占用：请在设置中另选一个。`);
  taken.close();

  // Port 0 turns the listener off.
  await ok(core, 'settings:update', { hookPort: 0 });
  await until('the listener to close', async () => (await ok(core, 'triggers:hookInfo', { repositoryId: repository.id })).url === null);
  await assert.rejects(fetch(info.url ?? ''));

  // Deleting the repository removes its hook secret from the vault as well.
  const secretsBefore = core.db.prepare('SELECT count(*) FROM secrets').pluck().get() as number;
  await ok(core, 'repositories:delete', { id: repository.id });
  assert.equal(core.db.prepare('SELECT count(*) FROM secrets').pluck().get(), secretsBefore - 1);
  core.close();
});
