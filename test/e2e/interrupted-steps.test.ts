import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { BuildStatus, BuildStep } from '../../src/shared/models/build';
import { launchBrowser } from '../support/browser';
import { startLogHarness, type LogHarness } from '../support/log-harness';

// The step list of a build that ended while a step was open (host killed, canceled), mounted
// alone in Chromium with the props the build page passes: buildStatus and buildFinishedAt.
let harness: LogHarness;
let browser: Browser;

before(async () => {
  [harness, browser] = await Promise.all([startLogHarness('step-harness'), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await harness?.stop();
});

const at = (s: number) => new Date(Date.parse('2026-11-25T08:00:00.000Z') + s * 1000).toISOString();
const steps: BuildStep[] = [
  { id: 'a', name: '[1/2] FROM local/busybox', platform: null, cached: false, startedAt: at(0), completedAt: at(1), error: null },
  { id: 'b', name: '[2/2] RUN sleep 600', platform: null, cached: false, startedAt: at(1), completedAt: null, error: null },
];

test('a step the build left open reads interrupted (or canceled), shows no running indicator, and keeps its duration on every view', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(harness.url);
  await page.waitForFunction(() => window.stepHarness !== undefined);
  const open = page.getByRole('listitem').filter({ hasText: 'RUN sleep 600' });
  const show = (props: { now: number; buildStatus: BuildStatus; buildFinishedAt: string | null }) => page.evaluate(([s, p]) => window.stepHarness.show({ steps: s, ...p }), [steps, props] as const);

  // While the build runs, the open step is running and counts up.
  await show({ now: Date.parse(at(68)), buildStatus: 'running', buildFinishedAt: null });
  await open.getByText('1 min 7 s').waitFor();
  assert.equal(await open.locator('.step-icon-running, .step-live').count(), 2);

  // The host went away 20 s into the step: the build ends at its last event.
  for (const look of [68, 81, 3600]) {
    await show({ now: Date.parse(at(look)), buildStatus: 'interrupted', buildFinishedAt: at(21) });
    await open.getByText('20 s').waitFor();
    assert.equal(await open.locator('.step-icon-running, .step-live').count(), 0, `no running indicator at +${look}s`);
    assert.match((await open.textContent()) ?? '', /interrupted/);
    assert.equal(await page.getByRole('button', { name: /RUN sleep 600: interrupted, 20 s/ }).count(), 1);
  }

  await show({ now: Date.parse(at(3600)), buildStatus: 'canceled', buildFinishedAt: at(21) });
  await page.getByRole('button', { name: /RUN sleep 600: canceled, 20 s/ }).waitFor();
  assert.equal(await open.locator('.step-icon-running').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
