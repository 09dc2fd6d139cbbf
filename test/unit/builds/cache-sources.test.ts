import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BuildStep } from '../../../src/shared/models/build';
import { cacheSources, type PushedBuild } from '../../../src/main/core/builds/cache-sources';

// Issue 15: a builder without a local cache imports the inline cache of images pushed before. An
// image carries records only for the steps its build ran, so the sources are chosen by step.

const image = 'registry.test:5000/team/app';
const prepare = '[2/4] RUN echo preparing && seq 1 2000 > /numbers';
const copy = '[3/4] COPY . /app';
const list = '[4/4] RUN ls -R /app';

function step(name: string, cached: boolean, platform: string | null = 'linux/amd64'): BuildStep {
  return { id: `${platform}-${name}`, name, platform, cached, startedAt: null, completedAt: null, error: null };
}

function pushed(n: number, steps: BuildStep[], digest: string | null = `sha256:${String(n).padStart(64, '0')}`): PushedBuild {
  return { tags: [{ tag: 'latest', reference: `${image}:latest`, digest, pushedAt: null }], steps };
}

const byDigest = (n: number): string => `${image}@sha256:${String(n).padStart(64, '0')}`;

test('no build yet: no cache source', () => {
  assert.deepEqual(cacheSources([]), []);
});

test('the newest image alone when its build ran every step', () => {
  const history = [pushed(3, [step(prepare, false), step(copy, false), step(list, false)]), pushed(2, [step(prepare, false), step(copy, false), step(list, false)])];
  assert.deepEqual(cacheSources(history), [byDigest(3)]);
});

test('a step the newest build took from a cache comes from the newest image of a build that ran it', () => {
  // 5 and 4 took the preparing step from a cache: their images have no record of it; 3 ran it.
  const history = [
    pushed(5, [step(prepare, true), step(copy, false), step(list, false)]),
    pushed(4, [step(prepare, true), step(copy, false), step(list, false)]),
    pushed(3, [step(prepare, false), step(copy, false), step(list, false)]),
    pushed(2, [step(prepare, false), step(copy, false), step(list, false)]),
  ];
  assert.deepEqual(cacheSources(history), [byDigest(5), byDigest(3)]);
});

test('a step no build here ran (a builder had it cached) is looked for in the next images', () => {
  const history = [
    pushed(4, [step(prepare, true), step(copy, false)]),
    pushed(3, [step(prepare, true), step(copy, false)]),
    pushed(2, [step(prepare, true), step(copy, true)]),
    pushed(1, [step(prepare, true), step(copy, true)]),
  ];
  assert.deepEqual(cacheSources(history), [byDigest(4), byDigest(3), byDigest(2)]);
});

test("BuildKit's own work is not a step to find a source for, and a step is matched on its platform", () => {
  const history = [
    pushed(4, [step('[internal] load build context', true), step(prepare, true, 'linux/arm64'), step(prepare, false, 'linux/amd64')]),
    pushed(3, [step('[internal] load build context', false), step(prepare, false, 'linux/amd64'), step(prepare, true, 'linux/arm64')]),
    pushed(2, [step(prepare, false, 'linux/arm64')]),
  ];
  assert.deepEqual(cacheSources(history), [byDigest(4), byDigest(2)]);
});

test('an image without a digest is named by its tag, and steps not known fall back to the next image', () => {
  assert.deepEqual(cacheSources([pushed(2, [], null), pushed(1, [])]), [`${image}:latest`, byDigest(1)]);
});

test('at most three sources', () => {
  const steps = ['[1/4] RUN a', '[2/4] RUN b', '[3/4] RUN c', '[4/4] RUN d'];
  const history = [pushed(9, steps.map((s) => step(s, true))), ...steps.map((s, i) => pushed(8 - i, [step(s, false)]))];
  assert.deepEqual(cacheSources(history), [byDigest(9), byDigest(8), byDigest(7)]);
  assert.deepEqual(cacheSources(history, 5), [byDigest(9), byDigest(8), byDigest(7), byDigest(6), byDigest(5)]);
});
