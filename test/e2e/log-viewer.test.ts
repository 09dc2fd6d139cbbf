import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { BuildStep } from '../../src/shared/models/build';
import { launchBrowser } from '../support/browser';
import { startLogHarness, type LogHarness } from '../support/log-harness';

// LogViewer and StepList in real Chromium, mounted alone by a small harness page built with Vite.
let harness: LogHarness;
let browser: Browser;

before(async () => {
  [harness, browser] = await Promise.all([startLogHarness(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await harness?.stop();
});

async function open(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.url.replace(/\/$/, '') });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(harness.url);
  await page.waitForFunction(() => window.harness !== undefined);
  return { page, errors };
}

const rows = (page: Page) => page.locator('.log-line').count();
const visibleLineNumbers = (page: Page) => page.$$eval('.log-line', (els) => els.map((e) => Number(e.getAttribute('data-line'))));

test('a million lines: few DOM rows, the tail followed while live, scrolling stays responsive', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => window.harness.appendGenerated(1_000_000, 250_000));
  await page.getByText('1,000,000 lines', { exact: true }).waitFor();
  assert.ok((await rows(page)) < 150, `rendered ${await rows(page)} rows`);
  // Following: the last line is on screen.
  await page.locator('.log-line[data-line="1000000"]').waitFor();
  const scroller = page.locator('.log-scroll');
  // Scrolling to the middle renders the lines there, within a frame or two.
  const ms = await scroller.evaluate(async (el) => {
    const start = performance.now();
    el.scrollTop = el.scrollHeight / 2;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
  });
  const middle = await visibleLineNumbers(page);
  assert.ok(middle.some((n) => n > 450_000 && n < 550_000), `middle rows ${middle.slice(0, 3).join(',')}`);
  assert.ok(ms < 500, `scrolling to the middle took ${ms} ms`);
  // Scrolled up: new lines no longer pull the view down.
  await page.evaluate(() => window.harness.appendGenerated(10));
  await page.getByText('1,000,010 lines', { exact: true }).waitFor();
  assert.ok(!(await visibleLineNumbers(page)).includes(1_000_010));
  assert.equal(await page.getByRole('button', { name: 'Follow' }).getAttribute('aria-pressed'), 'false');
  // End goes back to the tail and follows again.
  await scroller.focus();
  await page.keyboard.press('End');
  await page.evaluate(() => window.harness.appendGenerated(5));
  await page.locator('.log-line[data-line="1000015"]').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Following' }).getAttribute('aria-pressed'), 'true');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a log followed while its build ran still shows the last lines that arrive after the build ended', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => window.harness.appendGenerated(2_000));
  await page.locator('.log-line[data-line="2000"]').waitFor();
  // The status turns finished before the last chunk (a catch-up read, a socket that lagged).
  await page.evaluate(() => window.harness.setLive(false));
  await page.evaluate(() => window.harness.appendGenerated(300));
  await page.getByText('2,300 lines', { exact: true }).waitFor();
  await page.locator('.log-line[data-line="2300"]').waitFor({ timeout: 5_000 });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('following a log that grows by thousands of lines moves the same row elements instead of making new ones', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => window.harness.appendGenerated(2_000));
  await page.locator('.log-line[data-line="2000"]').waitFor();
  const before = await rows(page);
  // An attribute React does not manage survives only if the element itself is kept.
  await page.evaluate(() => document.querySelectorAll('.log-line').forEach((el) => el.setAttribute('data-probe', 'kept')));
  await page.evaluate(() => window.harness.appendGenerated(50_000));
  await page.locator('.log-line[data-line="52000"]').waitFor();
  assert.equal(await page.locator('.log-line[data-probe="kept"]').count(), before, 'every row element was kept');
  assert.equal(await rows(page), before);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('letting go of the tail with the Following button keeps the rows where the view stands', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => window.harness.appendGenerated(5_000));
  await page.locator('.log-line[data-line="5000"]').waitFor();
  // Growth while following scrolls the view many times, and those scrolls no longer set the window's
  // offset: letting go of the tail without a scroll must take the offset from the view.
  await page.evaluate(() => window.harness.appendGenerated(20_000));
  await page.locator('.log-line[data-line="25000"]').waitFor();
  await page.getByRole('button', { name: 'Following' }).click();
  await page.getByRole('button', { name: 'Follow', exact: true }).waitFor();
  await page.evaluate(() => window.harness.appendGenerated(100));
  await page.getByText('25,100 lines', { exact: true }).waitFor();
  // The view did not move: its rows are the lines that were last on screen, rendered, not blank.
  const shown = await page.$$eval('.log-line', (els) => {
    const scroller = document.querySelector('.log-scroll')!;
    const box = scroller.getBoundingClientRect();
    return els.filter((e) => {
      const r = e.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom;
    }).map((e) => Number(e.getAttribute('data-line')));
  });
  assert.ok(shown.includes(25_000), `rows on screen: ${shown.slice(0, 3).join(',')}…${shown.slice(-3).join(',')}`);
  assert.ok(!shown.includes(25_100));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('ANSI colours render as styled text, and markup in a log line stays text', async () => {
  const { page, errors } = await open();
  await page.evaluate(() =>
    window.harness.append(['\x1b[1;31mERROR\x1b[0m plain', '<img src=x onerror="window.pwned=1"><b>bold?</b>', '\x1b[38;5;208morange\x1b[0m']),
  );
  const red = page.locator('.log-line[data-line="1"] .log-text span').first();
  await red.waitFor();
  assert.equal(await red.textContent(), 'ERROR');
  const style = await red.evaluate((el) => ({ color: getComputedStyle(el).color, weight: getComputedStyle(el).fontWeight }));
  assert.equal(style.weight, '700');
  assert.match(style.color, /^rgb\(196, 39, 29\)$/);
  assert.equal(await page.locator('.log-line[data-line="2"]').textContent(), '2<img src=x onerror="window.pwned=1"><b>bold?</b>');
  assert.equal(await page.locator('.log-scroll img, .log-scroll b').count(), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
  assert.equal(await page.locator('.log-line[data-line="3"] .log-text span').evaluate((el) => getComputedStyle(el).color), 'rgb(255, 135, 0)');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('Ctrl+F search: count, next/prev, highlights, the view moves to each match', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => window.harness.appendGenerated(200_000, 50_000, 'NeedleX'));
  await page.getByText('200,000 lines', { exact: true }).waitFor();
  await page.locator('.log-scroll').focus();
  // Like a browser's find, the first match shown is the first one from the top of the view.
  await page.keyboard.press('Home');
  await page.locator('.log-line[data-line="1"]').waitFor();
  await page.keyboard.press('Control+f');
  const search = page.getByRole('searchbox', { name: 'Search the log' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'search');
  await search.fill('needlex');
  await page.getByText('1 of 4', { exact: true }).waitFor();
  await page.locator('.log-match.current').waitFor();
  assert.equal(await page.locator('.log-match.current').textContent(), 'NeedleX');
  assert.ok((await visibleLineNumbers(page)).includes(50_000));
  await search.press('Enter');
  await page.getByText('2 of 4', { exact: true }).waitFor();
  await page.locator('.log-line[data-line="100000"] .log-match.current').waitFor();
  await search.press('Shift+Enter');
  await search.press('Shift+Enter');
  await page.getByText('4 of 4', { exact: true }).waitFor();
  await page.locator('.log-line[data-line="200000"] .log-match.current').waitFor();
  await page.getByRole('button', { name: 'Next match' }).click();
  await page.getByText('1 of 4', { exact: true }).waitFor();
  // A live log: matches in appended lines are counted.
  await page.evaluate(() => window.harness.append(['late needlex line']));
  await page.getByText('1 of 5', { exact: true }).waitFor();
  await search.fill('no such text');
  await page.getByText('No matches', { exact: true }).waitFor();
  await search.press('Escape');
  assert.equal(await search.inputValue(), '');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'log-scroll');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('copy all, copy a selection, download as .log', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => window.harness.setLive(false));
  await page.evaluate(() => window.harness.append(['\x1b[32mfirst\x1b[0m', 'second', 'third']));
  await page.getByRole('button', { name: 'Copy' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'first\nsecond\nthird\n');
  // A selection inside the log is copied without line numbers.
  await page.evaluate(() => {
    const text = document.querySelectorAll('.log-line .log-text');
    const range = document.createRange();
    range.setStart(text[1]!, 0);
    range.setEnd(text[2]!, text[2]!.childNodes.length);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  });
  await page.getByRole('button', { name: 'Copy' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(!/\d/.test(copied), `line numbers copied: ${JSON.stringify(copied)}`);
  assert.match(copied, /^second\n?third$/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(download.suggestedFilename(), 'build-7.log');
  assert.equal(readFileSync((await download.path())!, 'utf8'), 'first\nsecond\nthird\n');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('step list: states, durations, CACHED, error; choosing a step scrolls the log to it', async () => {
  const { page, errors } = await open();
  const t = (s: number) => new Date(Date.parse('2026-11-25T08:00:00.000Z') + s * 1000).toISOString();
  const steps: BuildStep[] = [
    { id: 'a', name: '[1/3] FROM local/busybox', platform: null, cached: true, startedAt: t(0), completedAt: t(0), error: null },
    { id: 'b', name: '[2/3] RUN make', platform: null, cached: false, startedAt: t(0), completedAt: t(1.25), error: null },
    { id: 'c', name: '[3/3] RUN make test', platform: null, cached: false, startedAt: t(2), completedAt: null, error: null },
    { id: 'd', name: '[linux/arm64 3/3] RUN make test', platform: 'linux/arm64', cached: false, startedAt: t(1), completedAt: t(3), error: 'executor failed running [/bin/sh -c make test]: exit code: 2' },
  ];
  const log: string[] = ['#1 [1/3] FROM local/busybox', '#1 CACHED', '', '#2 [2/3] RUN make'];
  for (let i = 0; i < 5000; i++) log.push(`#2 0.${i} compiling ${i}`);
  log.push('#2 DONE 1.2s', '', '#3 [3/3] RUN make test', '#3 0.1 testing');
  await page.evaluate(
    ([s, l]) => {
      window.harness.setSteps(s);
      window.harness.setLive(false);
      window.harness.append(l);
    },
    [steps, log] as const,
  );
  const list = page.getByRole('list', { name: 'Build steps' });
  await list.waitFor();
  const items = list.getByRole('listitem');
  assert.equal(await items.count(), 4);
  assert.match((await items.nth(0).textContent()) ?? '', /\[1\/3\] FROM local\/busybox.*CACHED.*0 ms/);
  assert.match((await items.nth(1).textContent()) ?? '', /RUN make.*1\.3 s/);
  assert.match((await items.nth(2).textContent()) ?? '', /RUN make test.*3 s/, 'running: counts up to now');
  assert.match((await items.nth(3).textContent()) ?? '', /exit code: 2/);
  await page.getByRole('button', { name: /\[3\/3\] RUN make test: running/ }).click();
  assert.deepEqual(await page.evaluate(() => window.harness.selected), ['c']);
  await page.locator('.log-line.target[data-line="5007"]').waitFor();
  await page.getByRole('button', { name: /\[2\/3\] RUN make: done/ }).focus();
  await page.keyboard.press('Enter');
  await page.locator('.log-line.target[data-line="4"]').waitFor();
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('lines not read yet (left out of a flood\'s live batches) show as a mark, and copy, download and search read them first', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => window.harness.setLive(false));
  await page.evaluate(() => window.harness.append(['first', 'second', 'third', 'fourth']));
  await page.evaluate(() => window.harness.markUnread(1, 3));
  await page.locator('.log-line.missing').nth(1).waitFor();
  assert.equal(await page.locator('.log-line.missing').count(), 2);
  assert.equal(await page.locator('.log-line[data-line="2"] .log-text').textContent(), '', 'a line not read yet has no text to copy or select');

  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.getByRole('button', { name: 'Copy' }).click();
  await page.waitForFunction(() => window.harness.readAlls === 1);
  // The copy waits for the lines, so the clipboard holds the whole log.
  let copied = '';
  for (let i = 0; i < 50 && copied === ''; i++) {
    await new Promise((r) => setTimeout(r, 100));
    copied = await page.evaluate(() => navigator.clipboard.readText());
  }
  assert.equal(copied, 'first\nsecond\nthird\nfourth\n');
  assert.equal(await page.locator('.log-line.missing').count(), 0);

  await page.evaluate(() => window.harness.markUnread(0, 2));
  await page.locator('.log-line.missing').nth(1).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(readFileSync((await download.path())!, 'utf8'), 'first\nsecond\nthird\nfourth\n');

  await page.evaluate(() => window.harness.markUnread(2, 4));
  await page.locator('.log-line.missing').nth(1).waitFor();
  await page.keyboard.press('Control+f');
  await page.keyboard.type('fourth');
  // The search reads the lines not read yet, then starts over and finds the match there.
  await page.getByText('1 of 1').waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('mark.log-match.current').textContent(), 'fourth');
  assert.equal(await page.evaluate(() => window.harness.readAlls), 3);
  assert.deepEqual(errors, []);
  await page.context().close();
});
