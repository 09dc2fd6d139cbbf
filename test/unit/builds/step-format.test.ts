import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BuildStatus, BuildStep } from '../../../src/shared/models/build';
import { stepDurationMs, stepState, stepStateKey } from '../../../src/renderer/src/features/builds/step-format';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { formatsIn } from '../../support/formats';

const en = createTranslator('en');
const zh = createTranslator('zh-CN');
const stepStateLabel = (state: Parameters<typeof stepStateKey>[0]) => en.t(stepStateKey(state));
const formatDuration = (ms: number) => formatsIn('en').duration(ms);

const started = '2026-11-25T08:00:00.000Z';
const step = (over: Partial<BuildStep> = {}): BuildStep => ({ id: 'sha256:1', name: '[2/3] RUN echo hi', platform: null, cached: false, startedAt: started, completedAt: null, error: null, ...over });
// The step ran 20 s before the host went away; the page is looked at a minute later, then again.
const lastEvent = '2026-11-25T08:00:20.000Z';
const firstLook = Date.parse('2026-11-25T08:01:07.000Z');
const laterLook = Date.parse('2026-11-25T08:01:20.000Z');

describe('a step the build left open', () => {
  for (const status of ['interrupted', 'failed', 'succeeded'] as const satisfies readonly BuildStatus[]) {
    test(`in a ${status} build reads interrupted and ends at the build's last event`, () => {
      const build = { status, finishedAt: lastEvent };
      assert.equal(stepState(step(), build), 'interrupted');
      assert.equal(stepStateLabel(stepState(step(), build)), 'interrupted');
      assert.equal(stepDurationMs(step(), firstLook, build), 20_000);
      assert.equal(stepDurationMs(step(), laterLook, build), 20_000, 'the duration does not grow between views');
      assert.equal(formatDuration(stepDurationMs(step(), laterLook, build) ?? -1), '20 s');
    });
  }

  test('in a canceled build reads canceled, ending where the build ended', () => {
    const build = { status: 'canceled' as const, finishedAt: lastEvent };
    assert.equal(stepState(step(), build), 'canceled');
    assert.equal(stepDurationMs(step(), laterLook, build), 20_000);
  });

  test('in a finished build without an end time shows no duration rather than one that grows', () => {
    const build = { status: 'interrupted' as const, finishedAt: null };
    assert.equal(stepState(step(), build), 'interrupted');
    assert.equal(stepDurationMs(step(), laterLook, build), null);
  });

  test('never started in a finished build reads not run, not waiting', () => {
    const build = { status: 'interrupted' as const, finishedAt: lastEvent };
    assert.equal(stepState(step({ startedAt: null }), build), 'skipped');
    assert.equal(stepStateLabel('skipped'), 'not run');
    assert.equal(zh.t(stepStateKey('skipped')), '未运行');
    assert.equal(stepDurationMs(step({ startedAt: null }), laterLook, build), null);
  });
});

describe('a running build', () => {
  const build = { status: 'running' as const, finishedAt: null };
  test('an open step is running and counts up to now', () => {
    assert.equal(stepState(step(), build), 'running');
    assert.equal(stepDurationMs(step(), firstLook, build), 67_000);
    assert.equal(formatDuration(67_000), '1 min 7 s');
  });
  test('a step not started yet is waiting', () => {
    assert.equal(stepState(step({ startedAt: null }), build), 'pending');
    assert.equal(stepStateLabel('pending'), 'waiting');
  });
  test('without build details (an older caller) an open step still counts up to now', () => {
    assert.equal(stepState(step()), 'running');
    assert.equal(stepDurationMs(step(), firstLook), 67_000);
  });
});

describe('completed steps keep their own times whatever the build did', () => {
  const build = { status: 'interrupted' as const, finishedAt: '2026-11-25T09:00:00.000Z' };
  test('done, cached, failed and canceled', () => {
    const completedAt = '2026-11-25T08:00:03.500Z';
    assert.equal(stepState(step({ completedAt }), build), 'done');
    assert.equal(stepState(step({ completedAt, cached: true }), build), 'cached');
    assert.equal(stepState(step({ completedAt, error: 'exit code: 1' }), build), 'failed');
    assert.equal(stepState(step({ completedAt, error: 'failed to solve: context canceled' }), build), 'canceled');
    assert.equal(stepDurationMs(step({ completedAt }), laterLook, build), 3_500);
  });
  test('a failed step with no completion time ends with the build, or has no duration at all', () => {
    const failed = step({ error: 'exit code: 1' });
    assert.equal(stepDurationMs(failed, laterLook, { status: 'failed', finishedAt: lastEvent }), 20_000);
    assert.equal(stepDurationMs(failed, laterLook), null, 'an error ends a step: its end is unknown, not now');
  });
});
