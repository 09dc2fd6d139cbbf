import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../src/shared/errors';
import { locateComposeTest, readComposeTest, type ComposeContext } from '../../../src/main/core/builds/test-before-push/compose-file';
import { interpolate, splitWords } from '../../../src/main/core/builds/test-before-push/compose-values';

const image = 'registry.test/team/app';
const ctx: ComposeContext = {
  path: 'app/docker-compose.test.yml',
  dir: 'app',
  env: { IMAGE_NAME: `${image}:edge`, DOCKER_REPO: image, DOCKER_TAG: 'edge', SOURCE_BRANCH: 'main' },
  imageNames: [`${image}:edge`, `${image}:latest`],
};

const read = (yaml: string, over: Partial<ComposeContext> = {}) => readComposeTest(yaml, { ...ctx, ...over });

function refused(yaml: string, pattern: RegExp, over: Partial<ComposeContext> = {}): AppError {
  let caught: unknown;
  try {
    read(yaml, over);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof AppError, `refused: ${yaml}`);
  assert.equal(caught.code, 'invalid_input');
  assert.ok(caught.message.startsWith('"app/docker-compose.test.yml": '), caught.message);
  assert.match(caught.message, pattern);
  assert.ok(caught.hint);
  return caught;
}

test('a sut on the image under test, named the ways Docker Hub’s files name it, with a command string split as compose splits it', () => {
  for (const name of ['${IMAGE_NAME}', '$IMAGE_NAME', '${DOCKER_REPO}:${DOCKER_TAG}', `${image}:edge`, '${DOCKER_REPO}']) {
    const sut = read(`services:\n  sut:\n    image: ${name}\n    command: sh -c 'echo "it works" && exit 0'\n`);
    assert.deepEqual(sut.from, { kind: 'image' }, name);
    assert.deepEqual(sut.command, ['sh', '-c', 'echo "it works" && exit 0']);
    assert.deepEqual(sut.environment, {});
    assert.equal(sut.entrypoint, undefined);
  }
});

test('a sut built from the repository: the context is relative to the compose file, the Dockerfile to the context', () => {
  const sut = read(['version: "2"', 'x-note: ignored', 'services:', '  web:', '    build: .', '  sut:', '    build:', '      context: ../tests', '      dockerfile: Dockerfile.sut', '      target: checks', '      args:', '        - MODE=ci', '        - SOURCE_BRANCH', '    command: ["./run.sh", "$SOURCE_BRANCH"]', '    entrypoint: /bin/sh', '    environment:', '      LEVEL: 3', '      SOURCE_BRANCH:', ''].join('\n'));
  assert.deepEqual(sut.from, { kind: 'build', contextDir: 'tests', dockerfile: 'Dockerfile.sut', target: 'checks', args: { MODE: 'ci', SOURCE_BRANCH: 'main' } });
  assert.deepEqual(sut.command, ['./run.sh', 'main']);
  assert.deepEqual(sut.entrypoint, ['/bin/sh']);
  assert.deepEqual(sut.environment, { LEVEL: '3', SOURCE_BRANCH: 'main' });
  assert.deepEqual(read('services:\n  sut:\n    build: .\n').from, { kind: 'build', contextDir: 'app', dockerfile: 'Dockerfile', args: {} });
  assert.deepEqual(read('services:\n  sut:\n    build: .\n', { dir: '' }).from, { kind: 'build', contextDir: '', dockerfile: 'Dockerfile', args: {} });
});

test('each thing the simple case cannot run is refused by name', () => {
  refused('services:\n  db:\n    image: postgres\n  sut:\n    image: ${IMAGE_NAME}\n    depends_on: [db]\n', /the sut service’s key "depends_on" is not supported/);
  refused('services:\n  sut:\n    image: ${IMAGE_NAME}\n    links: [db]\n', /key "links"/);
  refused('services:\n  sut:\n    image: ${IMAGE_NAME}\n    volumes: ["./:/src"]\n', /key "volumes"/);
  refused('services:\n  sut:\n    image: ${IMAGE_NAME}\n    ports: ["80:80"]\n', /key "ports"/);
  refused('services:\n  sut:\n    image: ${IMAGE_NAME}\nvolumes:\n  data: {}\n', /the top-level key "volumes" is not supported/);
  refused('services:\n  sut:\n    build:\n      context: .\n      cache_from: [x]\n', /build key "cache_from"/);
});

test('a file that is not the simple case at all gets a reason, not a guess', () => {
  refused('services: [', /not valid YAML/);
  refused('- just\n- a list\n', /not a compose file/);
  refused('services:\n  web:\n    build: .\n', /there is no sut service/);
  refused('services:\n  sut:\n    command: ./test.sh\n', /neither build nor image/);
  refused('services:\n  sut:\n    image: curlimages/curl\n', /uses the image "curlimages\/curl", which is not the image this rule builds/);
  refused('services:\n  sut:\n    build: ../../outside\n', /not a folder inside the repository/);
  refused('services:\n  sut:\n    build: https://example.com/repo.git\n', /not a folder inside the repository/);
  refused('services:\n  sut:\n    build:\n      context: .\n      dockerfile: ../../Dockerfile\n', /not a file inside its build context/);
  refused('services:\n  sut:\n    image: ${IMAGE_NAME}\n    command: sh -c "unclosed\n', /unclosed "/);
  refused('services:\n  sut:\n    image: ${IMAGE_NAME:?required}\n', /not a substitution Slipway reads/);
  refused('services:\n  sut:\n    image: ${IMAGE_NAME}\n    command: {a: 1}\n', /command must be a string or a list/);
});

test('substitution: defaults, unset names and $$', () => {
  const fail = (m: string) => new Error(m);
  assert.equal(interpolate('${A:-x} ${A-y} ${B:-z} ${B-w} ${C} $$HOME $', { A: '', B: 'b' }, fail), 'x  b b  $HOME $');
  assert.deepEqual(splitWords(`a "b c" 'd e' f\\ g "h\\"i" ''`, fail), ['a', 'b c', 'd e', 'f g', 'h"i', '']);
});

test('the file is looked for beside the Dockerfile (Docker Hub’s place), then in the build context; missing, both places are named', async () => {
  const files = (paths: Record<string, string>) => async (path: string) => (path in paths ? Buffer.from(paths[path] ?? '') : null);
  assert.deepEqual(await locateComposeTest('app', 'docker/Dockerfile', files({ 'app/docker/docker-compose.test.yml': 'a', 'app/docker-compose.test.yml': 'b' })), { dir: 'app/docker', path: 'app/docker/docker-compose.test.yml', text: 'a' });
  assert.deepEqual(await locateComposeTest('app', 'docker/Dockerfile', files({ 'app/docker-compose.test.yml': 'b' })), { dir: 'app', path: 'app/docker-compose.test.yml', text: 'b' });
  assert.deepEqual(await locateComposeTest('', 'Dockerfile', files({ 'docker-compose.test.yml': 'c' })), { dir: '', path: 'docker-compose.test.yml', text: 'c' });
  await assert.rejects(locateComposeTest('app', 'docker/Dockerfile', files({})), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'not_found');
    assert.equal(error.message, 'The rule tests with docker-compose.test.yml, but the commit has no "app/docker/docker-compose.test.yml" or "app/docker-compose.test.yml".');
    return true;
  });
});
