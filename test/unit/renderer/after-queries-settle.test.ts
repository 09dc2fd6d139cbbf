import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryClient } from '@tanstack/react-query';
import { afterQueriesSettle } from '../../../src/renderer/src/app/after-queries-settle';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until `done` holds, for up to 3 s: a loaded CI machine runs timers late. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; waited < 3000 && !done(); waited += 5) await tick(5);
}

function answerable<T>() {
  let answer!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (answer = resolve));
  return { promise, answer };
}

test('waits for the page’s calls, including one that starts as another ends, then runs once', async () => {
  const queries = new QueryClient();
  const first = answerable<string>();
  const second = answerable<string>();
  void queries.fetchQuery({ queryKey: ['builds:page'], queryFn: () => first.promise });
  let ran = 0;
  afterQueriesSettle(queries, () => (ran += 1));
  await tick(5);
  assert.equal(ran, 0, 'a call is still out');
  first.answer('page one');
  // The next call starts in the same task the first one ends in (a page asking in turn).
  await first.promise;
  void queries.fetchQuery({ queryKey: ['repositories:list'], queryFn: () => second.promise });
  await tick(5);
  assert.equal(ran, 0, 'the second call is still out');
  second.answer('list');
  await until(() => ran > 0);
  assert.equal(ran, 1);
  void queries.fetchQuery({ queryKey: ['later'], queryFn: async () => 'x' });
  await tick(5);
  assert.equal(ran, 1, 'runs once');
  queries.clear();
});

test('runs at once when nothing is fetching, after the cap when a call never ends, and not at all once cancelled', async () => {
  const idle = new QueryClient();
  let ranIdle = false;
  afterQueriesSettle(idle, () => (ranIdle = true));
  await until(() => ranIdle);
  assert.ok(ranIdle);

  const stuck = new QueryClient();
  stuck.fetchQuery({ queryKey: ['never'], queryFn: () => new Promise<string>(() => undefined) }).catch(() => undefined);
  let ranStuck = false;
  afterQueriesSettle(stuck, () => (ranStuck = true), 400);
  await tick(10);
  assert.equal(ranStuck, false);
  await until(() => ranStuck);
  assert.ok(ranStuck, 'the cap ends the wait');

  const cancelled = new QueryClient();
  let ranCancelled = false;
  afterQueriesSettle(cancelled, () => (ranCancelled = true))();
  await tick(10);
  assert.equal(ranCancelled, false);
  stuck.clear();
});

test('an idle moment that comes while other calls are out does not count: it waits for those too', async () => {
  const queries = new QueryClient();
  const idleRuns: (() => void)[] = [];
  let ran = 0;
  afterQueriesSettle(queries, () => (ran += 1), 5000, (run) => idleRuns.push(run));
  await tick(5);
  assert.equal(idleRuns.length, 1, 'nothing fetching: it waits for an idle moment');
  // Another page's calls start before the window is idle (a key pressed meanwhile).
  const late = answerable<string>();
  void queries.fetchQuery({ queryKey: ['builds:page'], queryFn: () => late.promise });
  idleRuns.shift()?.();
  assert.equal(ran, 0, 'idle, but a call is out');
  late.answer('page');
  await tick(5);
  assert.equal(idleRuns.length, 1, 'the call ended: another idle moment is awaited');
  idleRuns.shift()?.();
  assert.equal(ran, 1);
  queries.clear();
});
