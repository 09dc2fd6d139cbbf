import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEnvironment } from '../../../src/main/core/builds/build-env';

test('Docker Hub’s build environment, with Slipway’s own beside it', () => {
  const env = buildEnvironment({
    ref: { kind: 'tag', name: 'v1.2.0' },
    commit: 'd4ef3dc3b77a011a5779eec7efdd45c0ffee1234',
    commitMessage: 'Release 1.2.0\n\nNotes',
    imageReference: 'localhost:5000/alice/web',
    tags: ['1.2.0', 'latest'],
    contextDir: '/services/web/',
    dockerfile: 'Dockerfile.prod',
    buildNumber: 12,
  });
  assert.deepEqual(env, {
    SOURCE_BRANCH: 'v1.2.0',
    SOURCE_COMMIT: 'd4ef3dc3b77a011a5779eec7efdd45c0ffee1234',
    COMMIT_MSG: 'Release 1.2.0\n\nNotes',
    DOCKER_REPO: 'localhost:5000/alice/web',
    DOCKERFILE_PATH: 'services/web/Dockerfile.prod',
    DOCKER_TAG: '1.2.0',
    IMAGE_NAME: 'localhost:5000/alice/web:1.2.0',
    SLIPWAY_REF_TYPE: 'tag',
    SLIPWAY_TAGS: '1.2.0,latest',
    SLIPWAY_BUILD_NUMBER: '12',
  });
  const root = buildEnvironment({ ref: { kind: 'branch', name: 'main' }, commit: 'c', commitMessage: null, imageReference: 'r/n', tags: [], contextDir: '/', dockerfile: 'Dockerfile', buildNumber: 1 });
  assert.equal(root.DOCKERFILE_PATH, 'Dockerfile');
  assert.equal(root.COMMIT_MSG, '');
});
