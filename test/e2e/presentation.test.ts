import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ensureBusyboxImage, testEngine } from '../support/engine';
import { startGitServer, type GitServer } from '../support/git-server';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { tempDir } from '../support/temp';

// How the build page, the tables and the rule form read to a user (issue 12, part 3), in Chromium
// against the headless host, with a real build behind the build page and the tables.
let browser: Browser;
let app: HeadlessApp;
let registry: RunningRegistry;
let git: GitServer;
let repositoryId = '';
let buildId = '';

const longStep = 'echo presentation-check && echo "a command line long enough that a narrow column used to cut it to a few characters" && true';

before(async () => {
  const engine = await testEngine();
  [browser, registry, git] = await Promise.all([launchBrowser(), startRegistry(), startGitServer(), ensureBusyboxImage(engine)]);
  const dataDir = tempDir();
  app = await startHeadless(dataDir, { DOCKER_HOST: engine.host, DOCKER_CONFIG: dataDir });

  const cloneUrl = git.createRepo('acme/present');
  // A nonce keeps the engine's cache from answering for an earlier run, so the steps really run.
  git.commit('acme/present', 'main', { Dockerfile: `FROM local/busybox\nRUN ${longStep} # ${Date.now()}\nRUN echo second-step\n` });
  const reg = await hostCall<{ id: string }>(app, 'registries:create', { name: 'local', endpoint: registry.host, insecure: true, username: '' });
  const ns = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: reg.id, name: 'team' });
  const repo = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: ns.id, name: 'present' });
  repositoryId = repo.id;
  await hostCall(app, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/present', cloneUrl } });
  const rule = await hostCall<{ id: string }>(app, 'rules:save', {
    repositoryId: repo.id,
    spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }, { template: 'stable-release-candidate' }, { template: 'main-2026-12' }], architectures: ['linux/amd64'], buildArgs: [] },
  });
  buildId = (await hostCall<{ id: string }>(app, 'builds:start', { ruleId: rule.id })).id;
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await registry?.stop();
  await git?.stop();
});

async function open(hash: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 }, colorScheme });
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((h) => (window.location.hash = h), hash);
  return page;
}

/**
 * For every row of a table, the horizontal gap between the text of each cell and the next one's,
 * and whether any cell's content spills out of the cell: what a reader sees as columns running
 * into each other.
 */
function cellLayout(table: Locator) {
  return table.evaluate((el) => {
    const rows = [...el.querySelectorAll('tr')];
    const gaps: { row: number; between: string; gap: number }[] = [];
    const spills: string[] = [];
    rows.forEach((tr, r) => {
      const boxes = [...tr.children].map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const content = range.getBoundingClientRect();
        return { cell: cell.getBoundingClientRect(), content, text: (cell.textContent ?? '').trim() };
      });
      boxes.forEach((b, i) => {
        if (b.text !== '' && (b.content.left < b.cell.left - 0.5 || b.content.right > b.cell.right + 0.5)) spills.push(`row ${r}: “${b.text}”`);
        const next = boxes.slice(i + 1).find((n) => n.text !== '');
        if (b.text === '' || !next || boxes.indexOf(next) !== i + 1) return;
        gaps.push({ row: r, between: `“${b.text}” | “${next.text}”`, gap: next.content.left - b.content.right });
      });
    });
    // Nor may the table itself run out of the card (or page) that holds it.
    const box = (el.closest('.card') ?? el.parentElement ?? el) as HTMLElement;
    const inner = box.getBoundingClientRect().right - parseFloat(getComputedStyle(box).paddingRight);
    if (el.getBoundingClientRect().right > inner + 0.5) spills.push(`the table ends ${Math.round(el.getBoundingClientRect().right - inner)} px outside its container`);
    return { gaps, spills };
  });
}

/** The look a table gets from the one table style: cell padding, row rule, header size. */
function tableStyle(table: Locator) {
  return table.evaluate((el) => {
    const td = el.querySelector('tbody td');
    const th = el.querySelector('thead th');
    if (!td || !th) return 'empty';
    const c = getComputedStyle(td);
    const h = getComputedStyle(th);
    return JSON.stringify({ padding: [c.paddingTop, c.paddingRight, c.paddingBottom, c.paddingLeft], rule: [c.borderBottomWidth, c.borderBottomStyle], collapse: getComputedStyle(el).borderCollapse, header: [h.fontSize, h.fontWeight] });
  });
}

test('the build page shows every step name whole, with the full name on hover', async () => {
  const page = await open(`#/builds/${buildId}`);
  await page.getByTestId('build-status').filter({ hasText: 'Succeeded' }).waitFor({ timeout: 90_000 });
  const steps = page.getByRole('list', { name: 'Build steps' });
  await steps.getByText('RUN echo second-step').waitFor();
  const names = await steps.locator('.step-button').evaluateAll((buttons) =>
    buttons.map((b) => {
      const name = b.querySelector('.step-name') as HTMLElement;
      return { text: name.textContent ?? '', title: b.getAttribute('title'), clippedX: name.scrollWidth > name.clientWidth + 1, clippedY: name.scrollHeight > name.clientHeight + 1 };
    }),
  );
  assert.ok(names.length >= 3, `steps: ${JSON.stringify(names)}`);
  assert.ok(names.some((n) => n.text.includes(longStep)), 'the long RUN line is a step');
  for (const n of names) {
    assert.equal(n.clippedX || n.clippedY, false, `“${n.text}” is cut off`);
    assert.equal(n.title, n.text, 'the full name is the hover text');
  }
  // The end of the long line is on screen, inside the steps card, not hidden under its edge.
  const tail = await steps.getByText(longStep, { exact: false }).first().boundingBox();
  const card = await page.locator('.steps-card').boundingBox();
  assert.ok(tail && card && tail.x + tail.width <= card.x + card.width, 'the long step stays inside its card');
  await page.close();
});

test('every table keeps its columns apart, in one style, in light and dark themes', async () => {
  await hostCall(app, 'builds:get', { id: buildId });
  const styles = new Map<string, string>();
  for (const scheme of ['light', 'dark'] as const) {
    const page = await open('#/builds', scheme);
    const builds = page.getByRole('table', { name: 'Builds' });
    await builds.getByRole('link', { name: /Build #1/ }).waitFor();
    await builds.getByText('Succeeded').waitFor({ timeout: 90_000 });
    const tables: [string, Locator][] = [['Builds', builds]];
    await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repositoryId);
    for (const name of ['Build rules', 'Playground results', 'Builds of this repository', 'Image tags']) {
      const table = page.getByRole('table', { name });
      await table.locator('tbody tr').first().waitFor({ timeout: 30_000 });
      tables.push([name, table]);
    }
    for (const [name, table] of tables) {
      const { gaps, spills } = await cellLayout(table);
      assert.ok(gaps.length > 0, `${name}: cells measured`);
      const tight = gaps.filter((g) => g.gap < 12);
      assert.deepEqual(tight, [], `${name} (${scheme}): columns closer than 12 px`);
      assert.deepEqual(spills, [], `${name} (${scheme}): content outside its cell`);
      styles.set(`${scheme} ${name}`, await tableStyle(table));
    }
    // The header still reads against the page in either theme.
    const [fg, bg] = await page.evaluate(() => [getComputedStyle(document.querySelector('thead th') as Element).color, getComputedStyle(document.body).backgroundColor]);
    assert.notEqual(fg, bg);
    await page.close();
  }
  assert.equal(new Set(styles.values()).size, 1, `one table style: ${JSON.stringify(Object.fromEntries(styles), null, 1)}`);
});

test('the rule form previews its tags as they are typed, with an example ref and example build time and commit', async () => {
  const page = await open(`#/repositories/${repositoryId}`);
  await page.getByRole('button', { name: 'Add build rule' }).click();
  await page.getByLabel('Regular expression').check();
  await page.getByLabel('Branch/Tag').fill('release-(?<imageTag>\\w*)');
  const preview = page.getByTestId('rule-preview');
  const tag1 = preview.getByTestId('preview-tag-1');
  // The default template renders for a branch made up from the pattern, marked as an example.
  await tag1.getByText('latest', { exact: true }).waitFor();
  assert.equal(await preview.getByTestId('preview-ref').textContent(), 'release-v1');

  const template = page.getByLabel('Image tag 1', { exact: true });
  await template.fill('');
  await template.pressSequentially('rc-');
  await tag1.getByText('rc-', { exact: true }).waitFor();
  await template.pressSequentially('${imageTag}');
  await tag1.getByText('rc-v1', { exact: true }).waitFor();

  // A named group takes its value from the example ref the user types.
  await page.getByLabel('Example branch name').fill('release-2024');
  await tag1.getByText('rc-2024', { exact: true }).waitFor();
  await page.getByLabel('Example branch name').fill('main');
  await preview.getByText('The branch “main” does not match this rule').waitFor();
  await page.getByLabel('Example branch name').fill('release-2024');

  // Build time and commit id render as examples, and say so.
  await page.getByLabel('Commit id').first().check();
  await tag1.getByText('rc-2024-012345', { exact: true }).waitFor();
  await page.getByLabel('Build time').first().check();
  await tag1.getByText(/^rc-2024-\d{12}-012345$/).waitFor();
  assert.match((await preview.getByTestId('preview-examples').textContent()) ?? '', /build time \(now\) and the commit id 0123456… in these tags are examples/);

  // A template that cannot be a tag is flagged in the preview as it is typed.
  await template.pressSequentially('/x');
  await tag1.getByText('not valid yet: see image tag 1 above').waitFor();
  await page.close();
});

test('the playground labels invented commit ids as examples', async () => {
  const page = await open(`#/repositories/${repositoryId}`);
  await page.getByRole('table', { name: 'Playground results' }).waitFor();
  for (const ref of ['branch-main', 'branch-release-v1', 'tag-v2.0.0']) {
    const commit = page.getByTestId(`commit-${ref}`);
    assert.match((await commit.textContent()) ?? '', /^example commit [0-9a-f]{7}example$/);
  }
  await page.getByTestId('example-commit-note').getByText(/made up to show the shape of commit-id tags/).waitFor();
  await page.close();
});
