import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ensureBusyboxImage, testEngine } from '../support/engine';
import { startGitServer, type GitServer } from '../support/git-server';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { createBuildableRepository } from '../support/headless-repository';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { tempDir } from '../support/temp';

let browser: Browser;
let app: HeadlessApp;
let registry: RunningRegistry;
let git: GitServer;

before(async () => {
  const engine = await testEngine();
  [browser, registry, git] = await Promise.all([launchBrowser(), startRegistry(), startGitServer(), ensureBusyboxImage(engine)]);
  const dataDir = tempDir();
  app = await startHeadless(dataDir, { DOCKER_HOST: engine.host, DOCKER_CONFIG: dataDir });
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await registry?.stop();
  await git?.stop();
});

test('Build on a rule: the build page shows it live from queued to succeeded, with steps, the log and the pushed tag', async () => {
  const cloneUrl = git.createRepo('acme/live');
  const commit = git.commit('acme/live', 'main', {
    // A nonce keeps the engine's cache from answering for an earlier run of this test.
    Dockerfile: `FROM local/busybox\nRUN echo run-${Date.now()} && for i in 1 2 3 4 5 6; do echo "tick-$i"; sleep 0.4; done\nRUN printf "\\033[32mgreen-done\\033[0m\\n"\n`,
  });
  const reg = await hostCall<{ id: string }>(app, 'registries:create', { name: 'local', endpoint: registry.host, insecure: true, username: '' });
  const ns = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: reg.id, name: 'team' });
  const repo = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: ns.id, name: 'live' });
  await hostCall(app, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/live', cloneUrl } });
  await hostCall(app, 'rules:save', { repositoryId: repo.id, spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'live' }], architectures: ['linux/amd64'], buildArgs: [] } });

  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repo.id);
  await page.getByRole('button', { name: 'Build rule 1 now' }).click();

  // The page moves to the new build and follows it while it runs.
  await page.getByRole('heading', { level: 1, name: /Build #1/ }).waitFor();
  await page.getByTestId('build-status').filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
  const log = page.locator('.log-viewer');
  await log.getByText('tick-2').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('build-status').textContent(), 'Running', 'lines arrive while the build is still running');
  await page.getByTestId('build-status').filter({ hasText: 'Succeeded' }).waitFor({ timeout: 60_000 });
  await log.getByText('green-done').first().waitFor();
  const steps = page.getByRole('region', { name: 'Steps' });
  assert.match((await steps.textContent()) ?? '', /RUN echo run-\d+ && for i in/);
  const digest = (await page.getByTestId('tag-digest').first().textContent()) ?? '';
  assert.match(digest, /^sha256:[0-9a-f]{64}$/);
  assert.match((await page.getByText(`${registry.host}/team/live:live`).first().textContent()) ?? '', /live:live/);
  assert.equal(commit.length, 40);
  await page.screenshot({ path: 'assets/screenshots/build.png' });

  // The builds page lists it, and the status filter narrows the list.
  await page.keyboard.press('Control+4');
  await page.getByRole('table', { name: 'Builds' }).getByRole('link', { name: /Build #1/ }).waitFor();
  await page.getByLabel('Status').selectOption('failed');
  await page.getByText('No build matches these filters.').waitFor();
  await page.context().close();
});

test('a step printing 60,000 lines at once: the page follows its tail without being sent every line, and reads the rest when asked', async () => {
  // `seq` unpaced, as fast as the container can print; short lines keep dockerd's backlog small (TESTING.md).
  const repo = { id: (await createBuildableRepository(app, registry, git, 'flood', `FROM local/busybox\nRUN echo flood-${Date.now()} && seq 1 60000 | sed 's/^/f/' && echo flood-end\n`)).repositoryId };

  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  // Counts the log lines the page is sent live (a string, not a function: the page runs it as is).
  await page.addInitScript(`(() => {
    window.__sentLines = 0;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...a) {
        super(...a);
        this.addEventListener('message', (e) => {
          const data = JSON.parse(String(e.data));
          if (data.event === 'builds:log') window.__sentLines += data.payload.lines.length;
        });
      }
    };
  })()`);
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repo.id);
  await page.getByRole('button', { name: 'Build rule 1 now' }).click();
  await page.getByRole('heading', { level: 1, name: /Build #1/ }).waitFor();
  const log = page.locator('.log-viewer');
  await log.getByText('flood-end', { exact: false }).last().waitFor({ timeout: 120_000 });
  await log.getByText('f60000').waitFor();
  await page.getByTestId('build-status').filter({ hasText: 'Succeeded' }).waitFor({ timeout: 120_000 });

  const counted = Number(((await page.locator('#log-heading').textContent()) ?? '').replace(/[^\d]/g, ''));
  assert.ok(counted > 60_000, `the heading counts every line, read or not: ${counted}`);
  const sent = (await page.evaluate('window.__sentLines')) as number;
  assert.ok(sent < 30_000, `the page was sent ${sent} of ${counted} lines live: a flood should come as its batches' tails`);

  // Home goes to the first lines: they are read from the stored log and shown.
  await page.locator('.log-scroll').focus();
  await page.keyboard.press('Home');
  await page.locator('.log-line[data-line="1"]:not(.missing)').waitFor({ timeout: 30_000 });
  const buildId = ((await page.evaluate('location.hash')) as string).replace('#/builds/', '');
  const stored = await hostCall<{ lines: string[] }>(app, 'builds:log', { id: buildId, from: 0, limit: 1 });
  assert.equal(await page.locator('.log-line[data-line="1"] .log-text').textContent(), stored.lines[0], 'the first line as stored');

  // A search over the whole log finds a line from the middle of the flood, wherever the page had skipped it.
  await page.keyboard.press('Control+f');
  await page.keyboard.type('f31337');
  await log.getByText('1 of 1').waitFor({ timeout: 30_000 });
  assert.equal(await log.locator('mark.log-match.current').textContent(), 'f31337');
  assert.equal(await log.locator('.log-line.missing').count(), 0, 'no row in view is left unread');
  await page.context().close();
});
