import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dockerodeOptions } from '../../../src/main/core/docker/engine';
import { resolveLocalEngine } from '../../../src/main/core/docker/endpoint';
import { tempDir } from '../../support/temp';

function configWithContext(name: string, host: string, tls?: { ca: string }): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: name, auths: {} }));
  const id = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(dir, 'contexts', 'meta', id), { recursive: true });
  writeFileSync(join(dir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  if (tls) {
    mkdirSync(join(dir, 'contexts', 'tls', id, 'docker'), { recursive: true });
    writeFileSync(join(dir, 'contexts', 'tls', id, 'docker', 'ca.pem'), tls.ca);
  }
  return dir;
}

test('DOCKER_HOST wins over any context', () => {
  const config = configWithContext('remote', 'tcp://10.0.0.9:2376');
  const engine = resolveLocalEngine({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock', DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote' });
  assert.deepEqual(engine, { endpoint: 'unix:///run/user/1000/docker.sock', source: 'DOCKER_HOST' });
});

test("config.json's currentContext is followed to the context's endpoint and TLS files", () => {
  const config = configWithContext('builder-1', 'tcp://build.example:2376', { ca: 'CA PEM' });
  const engine = resolveLocalEngine({ DOCKER_CONFIG: config });
  assert.equal(engine.endpoint, 'tcp://build.example:2376');
  assert.equal(engine.source, 'current-context');
  assert.equal(engine.contextName, 'builder-1');
  assert.deepEqual(engine.tls, { verify: true, ca: 'CA PEM' });
});

test('DOCKER_CONTEXT overrides currentContext; "default" means the platform socket', () => {
  const config = configWithContext('builder-1', 'tcp://build.example:2376');
  assert.equal(resolveLocalEngine({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' }).source, 'default');
  assert.equal(resolveLocalEngine({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' }).endpoint, 'unix:///var/run/docker.sock');
});

test('with nothing configured, the default socket', () => {
  const engine = resolveLocalEngine({ DOCKER_CONFIG: tempDir() });
  assert.equal(engine.endpoint, 'unix:///var/run/docker.sock');
  assert.equal(engine.source, 'default');
});

test('endpoints become dockerode options', () => {
  assert.deepEqual(dockerodeOptions({ endpoint: 'unix:///var/run/docker.sock' }), { socketPath: '/var/run/docker.sock' });
  assert.deepEqual(dockerodeOptions({ endpoint: 'tcp://127.0.0.1:2375' }), { host: '127.0.0.1', port: 2375, protocol: 'http' });
  assert.deepEqual(dockerodeOptions({ endpoint: 'tcp://h:2376', tls: { verify: true, ca: 'A', cert: 'B', key: 'C' } }), { host: 'h', port: 2376, protocol: 'https', ca: 'A', cert: 'B', key: 'C' });
  assert.throws(() => dockerodeOptions({ endpoint: 'ftp://x' }), /Unsupported Docker endpoint/);
});

