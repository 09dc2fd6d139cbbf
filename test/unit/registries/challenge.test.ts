import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiBase, normalizeRegistryHost, parseChallenges, wireRepositoryName } from '../../../src/main/core/registries';

test('a Bearer challenge with a quoted, comma-holding scope', () => {
  assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push"'), [
    { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull,push' } },
  ]);
});

test('several challenges, unquoted values and escapes', () => {
  assert.deepEqual(parseChallenges('Basic realm="a \\"b\\"", Bearer realm=https://x/token, error=insufficient_scope'), [
    { scheme: 'basic', params: { realm: 'a "b"' } },
    { scheme: 'bearer', params: { realm: 'https://x/token', error: 'insufficient_scope' } },
  ]);
});

test('registry addresses normalise as users type them', () => {
  assert.equal(normalizeRegistryHost('https://GHCR.io/'), 'ghcr.io');
  assert.equal(normalizeRegistryHost('registry-1.docker.io'), 'docker.io');
  assert.equal(normalizeRegistryHost('http://localhost:5000/v2/'), 'localhost:5000');
  assert.throws(() => normalizeRegistryHost('ghcr.io/acme/app'), /repository address/);
  assert.throws(() => normalizeRegistryHost('two words'), /not a registry address/);
});

test('Docker Hub: API host and library/ prefix', () => {
  assert.equal(apiBase({ host: 'docker.io', insecure: false }).href, 'https://registry-1.docker.io/');
  assert.equal(wireRepositoryName({ host: 'docker.io', insecure: false }, 'nginx'), 'library/nginx');
  assert.equal(wireRepositoryName({ host: 'docker.io', insecure: false }, 'acme/app'), 'acme/app');
  assert.equal(wireRepositoryName({ host: 'localhost:5000', insecure: true }, 'nginx'), 'nginx');
});
