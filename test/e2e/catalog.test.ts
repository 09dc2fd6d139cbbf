import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startHeadless, type HeadlessApp } from '../support/headless';
import { tempDir } from '../support/temp';

let browser: Browser;
let app: HeadlessApp;

before(async () => {
  browser = await launchBrowser();
  app = await startHeadless(tempDir());
});
after(async () => {
  await app?.stop();
  await browser?.close();
});

async function open(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(app.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

test('registry → namespace → image repository, with clear errors that lose nothing', async () => {
  const page = await open();
  await page.keyboard.press('Control+3');
  await page.getByRole('heading', { name: 'No image repository yet' }).waitFor();
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: 'Add registry' }).click();

  // A repository URL instead of a registry: refused with the reason and the fix; the form keeps its values.
  await page.getByLabel('Name', { exact: true }).fill('Team registry');
  await page.getByLabel('Registry address').fill('https://ghcr.io/acme/app');
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Registry password or access token').fill('s3cret-registry-token');
  await page.getByRole('button', { name: 'Add registry' }).click();
  await page.getByText('looks like a repository address, not a registry').waitFor();
  await page.getByText('Enter only the registry host').waitFor();
  assert.equal(await page.getByLabel('Username').inputValue(), 'alice');

  await page.getByLabel('Registry address').fill('localhost:5000');
  await page.getByLabel('Insecure: the registry serves plain HTTP').check();
  await page.getByRole('button', { name: 'Add registry' }).click();
  const row = page.getByRole('row', { name: /Team registry/ });
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /localhost:5000.*HTTP.*alice · password saved/);
  assert.equal((await page.content()).includes('s3cret-registry-token'), false);

  await page.keyboard.press('Control+3');
  await page.getByRole('button', { name: 'New namespace' }).click();
  await page.getByLabel('Namespace', { exact: true }).fill('Acme');
  await page.getByRole('button', { name: 'Create namespace' }).click();
  await page.getByText('Use lowercase letters').waitFor();
  await page.getByLabel('Namespace', { exact: true }).fill('acme');
  await page.getByRole('button', { name: 'Create namespace' }).click();

  await page.getByRole('button', { name: 'New image repository' }).click();
  await page.getByLabel('Repository name').fill('web-app');
  await page.getByLabel('Summary').fill('The web front end');
  await page.getByRole('button', { name: 'Create repository' }).click();
  await page.getByRole('heading', { level: 1, name: 'web-app' }).waitFor();
  assert.equal(await page.getByTestId('pull-command').textContent(), 'docker pull localhost:5000/acme/web-app:latest');

  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Description (Markdown)').fill('# Web app\n\nBuilt by **Slipway**.\n\n<script>alert(1)</script>');
  await page.getByRole('button', { name: 'Save description' }).click();
  await page.getByRole('heading', { name: 'Web app' }).waitFor();
  assert.equal(await page.locator('.markdown strong').textContent(), 'Slipway');
  assert.equal(await page.locator('.markdown script').count(), 0, 'markup in a description is shown as text, never run');

  await page.getByRole('link', { name: 'Repositories' }).first().click();
  await page.getByRole('link', { name: 'localhost:5000/acme/web-app' }).waitFor();
  await page.screenshot({ path: 'assets/screenshots/repositories.png' });
  await page.close();
});

test('build rules: live validation, the playground shows tags and collisions, and why a rule is push-only', async () => {
  const page = await open();
  await page.keyboard.press('Control+3');
  await page.getByRole('link', { name: 'localhost:5000/acme/web-app' }).click();
  await page.getByRole('heading', { level: 1, name: 'web-app' }).waitFor();

  await page.getByRole('button', { name: 'Add build rule' }).click();
  await page.getByLabel('Branch/Tag').fill('main');
  await page.getByRole('button', { name: 'Save rule' }).click();
  await page.getByRole('table', { name: 'Build rules' }).getByText('main').waitFor();

  await page.getByRole('button', { name: 'Add build rule' }).click();
  await page.getByLabel('Regular expression').check();
  await page.getByLabel('Branch/Tag').fill('release-(?<imageTag>\\w*)');
  await page.getByText(/whole name matches .* \(anchored\)/).waitFor();
  // An unknown group is caught as it is typed, with the groups the pattern has.
  await page.getByLabel('Image tag 1', { exact: true }).fill('${version}');
  await page.getByText('Unknown group ${version}: the pattern defines imageTag.').waitFor();
  await page.getByLabel('Image tag 1', { exact: true }).fill('${imageTag}');
  await page.getByLabel('Commit id').first().check();
  await page.getByRole('button', { name: 'Add image tag' }).click();
  await page.getByLabel('Image tag 2', { exact: true }).fill('latest');

  // The draft already takes part in the playground, collision included.
  const playground = page.getByRole('table', { name: 'Playground results' });
  await playground.getByTestId('plan-branch-main').getByText('latest').waitFor();
  await page.getByTestId('plan-branch-release-v1').getByText(/^v1-[0-9a-f]{6}$/).waitFor();
  assert.match((await page.getByTestId('collisions').textContent()) ?? '', /tag latest is written by Rule 1 and The rule being edited/);
  assert.match((await page.getByTestId('plan-tag-v2.0.0').textContent()) ?? '', /No rule matches/);

  await page.getByRole('button', { name: 'Save rule' }).click();
  const rules = page.getByRole('table', { name: 'Build rules' });
  await rules.getByText('regex, anchored').waitFor();
  assert.match((await page.getByTestId('manual-reason').textContent()) ?? '', /regular expression, so it runs only when a matching branch or tag is pushed/);
  assert.match((await page.getByTestId('collisions').textContent()) ?? '', /Rule 1 and Rule 2/);

  // Reorder: rule 2 moves up.
  await page.getByRole('button', { name: 'Move rule 2 up' }).click();
  await rules.locator('tbody tr').first().getByText('release-(?<imageTag>\\w*)').waitFor();
  await page.screenshot({ path: 'assets/screenshots/rules.png', fullPage: true });
  await page.close();
});

test('namespaces are edited in place; one that still holds repositories is not deleted', async () => {
  const page = await open();
  await page.keyboard.press('Control+3');
  const type = page.getByLabel('Default repository type of localhost:5000/acme');
  await type.selectOption('public');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Repositories' }).waitFor();
  assert.equal(await page.getByLabel('Default repository type of localhost:5000/acme').inputValue(), 'public');
  // The confirm dialog works from the keyboard: focus starts on the action and stays inside,
  // Esc cancels (focus returns to the button), Enter confirms.
  const deleteButton = page.getByRole('button', { name: 'Delete namespace localhost:5000/acme' });
  await deleteButton.click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete the namespace localhost:5000/acme from Slipway?' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Delete namespace');
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="alertdialog"]'))), true, 'Tab stays in the dialog');
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await deleteButton.evaluate((el) => el === document.activeElement), true, 'focus is back on the button');
  assert.equal(await page.getByText('The namespace still holds').count(), 0, 'Esc deleted nothing');
  await deleteButton.click();
  await dialog.waitFor();
  await page.keyboard.press('Enter');
  await page.getByText('The namespace still holds 1 image repository.').waitFor();
  await page.getByText('Delete or move them first.').waitFor();
  await page.close();
});

test('editing a registry keeps its stored password unless a new one is typed', async () => {
  const page = await open();
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: 'Edit Team registry' }).click();
  await page.getByText('A password is stored; leave this empty to keep it.').waitFor();
  assert.equal(await page.getByLabel('Registry password or access token').inputValue(), '');
  await page.getByLabel('Username').fill('bob');
  await page.getByRole('button', { name: 'Save registry' }).click();
  await page.getByRole('row', { name: /Team registry/ }).getByText('bob · password saved').waitFor();
  await page.close();
});
