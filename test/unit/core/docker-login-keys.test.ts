import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';

// Server names arrive from the user and from config files: names an object's prototype answers
// must read as "not logged in" like any other unknown name, and must leave every file alone.
const prototypeNames = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'];

function setup(configJson?: unknown) {
  const home = tempDir();
  const dockerConfig = join(home, '.docker');
  mkdirSync(dockerConfig);
  const config = join(dockerConfig, 'config.json');
  if (configJson !== undefined) writeFileSync(config, JSON.stringify(configJson));
  const podman = join(home, 'containers', 'auth.json');
  const core = testCore(tempDir(), { HOME: home, DOCKER_CONFIG: dockerConfig, REGISTRY_AUTH_FILE: podman, DOCKER_HOST: `unix://${join(home, 'none.sock')}`, PATH: '' });
  after(() => core.close());
  return { core, config, podman };
}

for (const server of prototypeNames) {
  test(`logging podman out of "${server}" is not found, and writes no auth.json`, async () => {
    const { core, podman } = setup();
    const reply = await core.call('dockerLogin:logout', { server, tool: 'podman' });
    assert.equal(reply.ok, false);
    assert.equal(reply.ok ? '' : reply.error.code, 'not_found');
    assert.equal(existsSync(podman), false);
  });

  test(`logging docker out of "${server}" is not found, names no helper, and leaves config.json as it was`, async () => {
    const original = { auths: { 'registry.example:5000': { auth: 'dTpw' } }, credHelpers: { 'other.example': 'slipwaytest' } };
    const { core, config } = setup(original);
    const before = readFileSync(config, 'utf8');
    const reply = await core.call('dockerLogin:logout', { server, tool: 'docker' });
    assert.equal(reply.ok, false);
    if (reply.ok) return;
    assert.equal(reply.error.code, 'not_found', reply.error.message);
    assert.doesNotMatch(reply.error.message, /docker-credential|function/);
    assert.equal(readFileSync(config, 'utf8'), before);
  });
}

test('without a config.json, logging docker out of "toString" creates none', async () => {
  const { core, config } = setup();
  const reply = await core.call('dockerLogin:logout', { server: 'toString', tool: 'docker' });
  assert.equal(reply.ok ? '' : reply.error.code, 'not_found');
  assert.equal(existsSync(config), false);
});

test('a config entry literally named "__proto__" is an ordinary login: logged out alone', async () => {
  const { core, config } = setup();
  // Written as text: JSON.parse keeps "__proto__" as an own key, as it would in a hand-edited file.
  writeFileSync(config, '{"auths":{"__proto__":{"auth":"dTpw"},"kept.example":{"auth":"dTpw"}}}');
  const reply = await core.call('dockerLogin:logout', { server: '__proto__', tool: 'docker' });
  assert.equal(reply.ok, true);
  assert.deepEqual(JSON.parse(readFileSync(config, 'utf8')), { auths: { 'kept.example': { auth: 'dTpw' } } });
});
