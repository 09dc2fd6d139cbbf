import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallResult } from '../../../src/shared/contract';
import { EventBus } from '../../../src/main/core/events';
import { stagedCore } from '../../../src/main/host/staged-core';

/** A stage that answers with its name, and records what it answered. */
function stage(name: string, log: string[]) {
  return (channel: string): Promise<CallResult<unknown>> => {
    log.push(`${name} ${channel}`);
    return Promise.resolve({ ok: true, result: name });
  };
}

test('reads are answered by the first stage; another call waits for a quiet page, then for the rest, read once', async () => {
  const log: string[] = [];
  const bus = new EventBus();
  let quiet!: () => void;
  let completions = 0;
  const core = stagedCore({
    bus,
    reads: new Set(['builds:page', 'settings:get']),
    read: stage('first', log),
    whenQuiet: () => new Promise<void>((resolve) => (quiet = resolve)),
    complete: () => {
      completions += 1;
      log.push('rest read');
      return Promise.resolve({ bus, call: stage('full', log) });
    },
  });
  assert.equal(core.bus, bus);
  // One batch: a read, a call that needs the rest, another read.
  const batch = [core.call('builds:page', {}), core.call('app:update', {}), core.call('settings:get', {})];
  const [page, , settings] = await Promise.all([batch[0], batch[2]]).then(([a, b]) => [a, undefined, b]);
  assert.deepEqual(page, { ok: true, result: 'first' });
  assert.deepEqual(settings, { ok: true, result: 'first' });
  // The rest waits for the page to be quiet.
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(completions, 0);
  assert.deepEqual(log, ['first builds:page', 'first settings:get']);
  quiet();
  assert.deepEqual(await batch[1], { ok: true, result: 'full' });
  assert.deepEqual(log, ['first builds:page', 'first settings:get', 'rest read', 'full app:update']);
  // Once complete, the completed core answers everything, reads included, and the rest is read once.
  assert.deepEqual(await core.call('builds:page', {}), { ok: true, result: 'full' });
  assert.deepEqual(await core.call('builds:start', {}), { ok: true, result: 'full' });
  assert.equal(completions, 1);
});

test('complete() reads the rest at once, without waiting for quiet; calls waiting for quiet then go to it', async () => {
  const log: string[] = [];
  const bus = new EventBus();
  let completions = 0;
  const core = stagedCore({
    bus,
    reads: new Set(['builds:page']),
    read: stage('first', log),
    whenQuiet: () => new Promise<void>(() => undefined),
    complete: () => {
      completions += 1;
      return Promise.resolve({ bus, call: stage('full', log) });
    },
  });
  const waiting = core.call('builds:start', {});
  const full = await core.complete();
  assert.deepEqual(await waiting, { ok: true, result: 'full' });
  assert.deepEqual(await full.call('x', {}), { ok: true, result: 'full' });
  await core.complete();
  assert.equal(completions, 1);
});
