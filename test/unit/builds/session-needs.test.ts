import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sessionFeatures, sessionRefusal } from '../../../src/main/core/builds/session-needs';
import { flavourOfVersion } from '../../../src/main/core/builds/engine-flavour';
import { isLoopbackHost, pushQuery } from '../../../src/main/core/builds/push';

describe('what a builder without a BuildKit session cannot do', () => {
  test('lists file sync, secrets and registry logins', () => {
    assert.deepEqual([...sessionFeatures].sort(), ['fileSync', 'registryLogins', 'secrets']);
  });
  test('refuses secret build parameters, named once and in order', () => {
    assert.deepEqual(sessionRefusal({ secretArgs: ['NPM_TOKEN', 'API_KEY', 'NPM_TOKEN'] }, false), { feature: 'secrets', names: ['API_KEY', 'NPM_TOKEN'] });
  });
  test('lets a build without secrets through, and anything through on a builder with a session', () => {
    assert.equal(sessionRefusal({ secretArgs: [] }, false), null);
    assert.equal(sessionRefusal({ secretArgs: ['NPM_TOKEN'] }, true), null);
  });
});

describe('which engine answers', () => {
  test('Podman by its "Podman Engine" component (as Podman 4.3 answers /version)', () => {
    assert.equal(flavourOfVersion({ Components: [{ Name: 'Podman Engine' }, { Name: 'Conmon' }, { Name: 'OCI Runtime (runc)' }] }), 'podman');
  });
  test('Docker otherwise, also without components', () => {
    assert.equal(flavourOfVersion({ Components: [{ Name: 'Engine' }, { Name: 'containerd' }] }), 'docker');
    assert.equal(flavourOfVersion({}), 'docker');
  });
});

describe('pushing to a registry on this machine', () => {
  test('Podman is told to skip TLS checks for loopback registries only, as Docker does by itself', () => {
    assert.deepEqual(pushQuery('podman', 'v1', '127.0.0.1:5000'), { tag: 'v1', tlsVerify: false });
    assert.deepEqual(pushQuery('podman', 'v1', 'localhost:5000'), { tag: 'v1', tlsVerify: false });
    assert.deepEqual(pushQuery('podman', 'v1', 'registry.example.com'), { tag: 'v1' });
    assert.deepEqual(pushQuery('podman', 'v1', '127.0.0.1.example.com:5000'), { tag: 'v1' });
    assert.deepEqual(pushQuery('docker', 'v1', '127.0.0.1:5000'), { tag: 'v1' }, 'Docker gets the query it always got');
  });
  test('loopback hosts', () => {
    assert.ok(isLoopbackHost('[::1]:5000'));
    assert.ok(isLoopbackHost('127.8.9.10'));
    assert.ok(!isLoopbackHost('10.0.0.1:5000'));
  });
});
