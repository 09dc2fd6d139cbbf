/**
 * Start and first paint with a used database (issue 15): 10,000 builds, 100 image repositories and
 * 20 webhooks with 200 deliveries each. Per run, from the moment the headless host is spawned:
 * - address: the host prints its address;
 * - heading: Chromium, sent to that address at once, paints the first page's heading;
 * - builds: the Builds page (reached from the first page by its shortcut, pressed once this bench
 *   sees the heading) paints with its first 50 rows in the DOM.
 * Paints are Chromium's own Element Timing entries: the frame a user sees. The page reports each to
 * this bench through a CDP binding, a little later; that figure is printed too.
 * Besides, where the heading's time goes: the tab opened, the page's scripts ran, the h1 entered the DOM.
 * Baselines in the same run, alternating: a bare `node -e` printing one line, the floor any Node
 * host pays for its address; and a bare page (support/bare-page.mjs: the app's stylesheet, a static
 * heading, 50 rows built with the DOM on the same key, no app), the floor this machine, Chromium and
 * harness set for the heading and the rows. Figures are min / median / max over the runs, and each
 * as a ratio to its baseline.
 * Run: npx tsx bench/startup.ts [--runs 5] [--builds 10000] [--repositories 100] [--webhooks 20] [--deliveries 200] [--quick]
 *        [--data-dir DIR] [--baseline OUT]
 * (--quick: 1,000 builds, 10 repositories, 2 webhooks × 20 deliveries, 2 runs; needs `npm run build`)
 * --data-dir keeps the seeded folder and reuses it when it already holds a database (seeding 10,000
 * builds takes a while). --baseline OUT also starts another build's out/ folder (an older commit's
 * `electron-vite build --outDir`, placed inside this checkout so it finds node_modules), alternating
 * with this one on a copy of the same data, and prints the ratios of this build to it.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';
import { startGitServer } from '../test/support/git-server';
import { testCore } from '../test/support/core';
import { tempDir } from '../test/support/temp';
import { ok as call } from '../test/support/webhooks';
import { finite, option, runBench, showSpread, spread, type Spread } from './support/figures';

const runs = option('runs', 5, 2);
const buildCount = option('builds', 10_000, 1_000);
const repositoryCount = option('repositories', 100, 10);
const webhookCount = option('webhooks', 20, 2);
const deliveriesPerHook = option('deliveries', 200, 20);
const boundMs = 30_000;
const entry = join(process.cwd(), 'out', 'main', 'headless.js');
const textOption = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const keptDataDir = textOption('data-dir');
const baselineOut = textOption('baseline');

/**
 * The database a user has after months: made through the contract where that is quick (registry,
 * repositories, rules, webhooks, one real failed build and one real delivery), then those two rows
 * copied in SQL to reach the counts, so every row is one the app itself wrote.
 */
async function seed(dataDir: string): Promise<void> {
  const receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as { port: number }).port;
  const git = await startGitServer();
  const cloneUrl = git.createRepo('acme/service-0');
  git.commit('acme/service-0', 'main', { Dockerfile: 'FROM scratch\n' });
  const core = testCore(dataDir);
  try {
    const registry = await call(core, 'registries:create', { name: 'seeded', endpoint: '127.0.0.1:9', insecure: true, username: '' });
    const namespace = await call(core, 'namespaces:create', { registryId: registry.id, name: 'team' });
    const repositories: string[] = [];
    let ruleId = '';
    for (let i = 0; i < repositoryCount; i++) {
      const repo = await call(core, 'repositories:create', { namespaceId: namespace.id, name: `service-${i}` });
      repositories.push(repo.id);
      if (i === 0) {
        await call(core, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/service-0', cloneUrl } });
        ruleId = (await call(core, 'rules:save', { repositoryId: repo.id, spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [] } })).id;
      }
    }
    const first = await call(core, 'builds:start', { ruleId, ref: { kind: 'branch', name: 'main' } });
    // No engine answers (DOCKER_HOST is a missing socket), so the build waits for its builder; a
    // user's history is builds that ended, so it is canceled, and its row is copied as it ended.
    await call(core, 'builds:cancel', { id: first.id });
    for (let i = 0; i < 200; i++) {
      const { build } = await call(core, 'builds:get', { id: first.id });
      if (build.status !== 'queued' && build.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const hooks: string[] = [];
    for (let i = 0; i < webhookCount; i++) {
      const hook = await call(core, 'webhooks:create', { repositoryId: repositories[i % repositories.length]!, name: `hook-${i}`, url: `http://127.0.0.1:${port}/hook-${i}`, trigger: { kind: 'all' } });
      hooks.push(hook.id);
    }
    const delivery = await call(core, 'webhooks:test', { id: hooks[0]! });
    for (let i = 0; i < 200; i++) {
      const [latest] = await call(core, 'webhooks:history', { webhookId: hooks[0]!, limit: 1 });
      if (latest && latest.status !== 'pending') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    core.close();

    const db = new Database(join(dataDir, 'slipway.db'));
    const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    const copy = (table: string, replaced: Record<string, string>, where: string) => {
      const names = columns(table);
      const select = names.map((n) => replaced[n] ?? n).join(', ');
      return db.prepare(`INSERT INTO ${table} (${names.join(', ')}) SELECT ${select} FROM ${table} WHERE ${where}`);
    };
    const copyBuild = copy('builds', { id: '@id', repository_id: '@repo', number: '@number', dedupe_key: 'NULL', created_at: '@at', started_at: '@at', finished_at: '@at' }, 'id = @source');
    const copyDelivery = copy('webhook_deliveries', { id: '@id', webhook_id: '@hook', seq: '@seq', dedupe_key: 'NULL', created_at: '@at' }, 'id = @source');
    const copyAttempts = copy('webhook_attempts', { id: 'NULL', delivery_id: '@id' }, 'delivery_id = @source');
    const numbers = new Map<string, number>([[repositories[0]!, 1]]);
    const start = Date.now() - buildCount * 60_000;
    db.transaction(() => {
      for (let i = 1; i < buildCount; i++) {
        const repo = repositories[i % repositories.length]!;
        const number = (numbers.get(repo) ?? 0) + 1;
        numbers.set(repo, number);
        copyBuild.run({ id: `seed-build-${i}`, repo, number, at: new Date(start + i * 60_000).toISOString(), source: first.id });
      }
      let seq = 1;
      for (const hook of hooks) {
        for (let i = 0; i < deliveriesPerHook; i++) {
          if (hook === hooks[0] && i === 0) continue;
          const id = `seed-delivery-${seq}`;
          copyDelivery.run({ id, hook, seq: 1000 + seq++, at: new Date(start + seq * 1000).toISOString(), source: delivery.id });
          copyAttempts.run({ id, source: delivery.id });
        }
      }
    })();
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    console.log(`seeded: ${count('builds')} builds, ${count('image_repositories')} repositories, ${count('webhooks')} webhooks, ${count('webhook_deliveries')} deliveries`);
    const unfinished = (db.prepare(`SELECT count(*) AS n FROM builds WHERE status IN ('queued', 'running')`).get() as { n: number }).n;
    if (unfinished > 0) throw new Error(`bench broken: ${unfinished} seeded builds have not ended`);
    if (count('builds') !== buildCount || count('webhook_deliveries') !== webhookCount * deliveriesPerHook) throw new Error('bench broken: the seeded counts are not the ones asked for');
    db.close();
  } finally {
    receiver.close();
    await git.stop();
  }
}

interface Run {
  readonly addressMs: number;
  /** The first heading painted (Element Timing), ms from the spawn. */
  readonly headingMs: number;
  /** The 50th row of the Builds page painted, ms from the spawn. */
  readonly buildsMs: number;
  /** Where the heading's time went, ms from the spawn: the tab opened, its scripts ran (DOMContentLoaded), the heading entered the DOM. */
  readonly tabMs: number;
  readonly scriptsMs: number;
  readonly headingInDomMs: number;
  /** The app's own first frame painted (React's first commit replaces the one index.html paints), ms from the spawn. */
  readonly appMs: number;
  /** When this bench (in Node) heard of the heading's and the rows' paint: the paint plus the harness's lag. */
  readonly headingSeenMs: number;
  readonly buildsSeenMs: number;
  /** The boot script held the frame (its keys and links work) before the heading was painted. */
  readonly heldBeforePaint: boolean;
}

/**
 * Runs in the page before its scripts, on the page's wall clock. Notes when the first h1 enters the
 * DOM, and when the Builds page holds 50 rows, and asks Chromium's Element Timing for the frame that
 * paints each: the moment a user sees it.
 */
const notingPaints = `(() => {
  window.__h1At = 0;
  window.__painted = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__painted[entry.identifier] = performance.timeOrigin + entry.renderTime;
      // Tells the bench, through a CDP binding: it sees a paint when the page reports it, without
      // injecting Playwright's polling script (64 ms of the page's main thread here, at the moment
      // the first frame is laid out and painted).
      if (typeof window.__benchSaw === 'function') window.__benchSaw(entry.identifier);
    }
  }).observe({ type: 'element', buffered: true });
  // A text marker outside the app's root, added in the same task as what it marks, is painted in the
  // same frame; Element Timing then says when that frame was presented. (Marking the app's own
  // elements misses: Element Timing reports an element's first paint only, and React can reuse
  // nodes that were painted before.)
  const mark = (name) => {
    const marker = document.createElement('div');
    marker.textContent = '.';
    marker.style.cssText = 'position:fixed;left:0;bottom:0;font-size:8px;';
    marker.setAttribute('elementtiming', name);
    document.body.append(marker);
  };
  new MutationObserver(() => {
    const h1 = document.querySelector('h1');
    if (!window.__h1At && h1 && h1.getClientRects().length) { window.__h1At = Date.now(); mark('heading'); }
    // The app's own frame (React's first commit), as opposed to the one index.html paints before it.
    if (!window.__appAt && document.querySelector('#root > .shell:not([data-boot])')) { window.__appAt = Date.now(); mark('app'); }
    const rows = document.querySelectorAll('table tbody tr');
    if (!window.__rowsAt && rows.length >= 50 && location.hash.startsWith('#/builds')) {
      window.__rowsAt = Date.now();
      mark('rows');
    }
  }).observe(document, { childList: true, subtree: true });
  // The boot script holds the frame by giving its links their addresses: from then on the frame's
  // keys and links work. Noted to tell whether that came before the frame was on screen.
  new MutationObserver(() => {
    if (!window.__heldAt && document.querySelector('[data-boot] a[data-route][href]')) window.__heldAt = performance.timeOrigin + performance.now();
  }).observe(document, { attributes: true, attributeFilter: ['href'], subtree: true });
})()`;

/** The arguments that start a host on the seeded data. */
const hostArgs = (entry: string, dataDir: string): string[] => [entry, '--data-dir', dataDir, '--no-open', '--port', '0'];

/** Spawns the host (or the bare page) with these arguments, drives Chromium at its address, stops it. */
async function startOnce(browser: Browser, args: readonly string[], dataDir: string): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, CI: 'true', DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}`, DOCKER_CONFIG: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the host printed no address within ${boundMs} ms:\n${output}`)), boundMs);
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        const match = /Slipway is running at (\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`the host exited with ${code}:\n${output}`)));
    });
    const addressMs = performance.now() - started;
    // The page's clock is the wall clock: the spawn on it, for the page's own times.
    const spawnedAt = Date.now() - addressMs;
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const tabMs = performance.now() - started;
    const saw = new Map<string, () => void>();
    const painted = (name: string): Promise<number> =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench broken: no paint of "${name}" within ${boundMs} ms`)), boundMs);
        saw.set(name, () => {
          clearTimeout(timer);
          resolve(performance.now() - started);
        });
      });
    const heading = painted('heading');
    const rows = painted('rows');
    const app = painted('app');
    // Awaited in turn below; a failure before one is awaited must not surface as an unhandled rejection.
    for (const waiting of [heading, rows, app]) waiting.catch(() => undefined);
    await page.exposeBinding('__benchSaw', (_source, name: string) => saw.get(name)?.());
    await page.addInitScript(notingPaints);
    // Only until the page is committed: a user looks at the window, not at its load event (which
    // comes after every script has run), and presses the key once the heading is there.
    await page.goto(url, { waitUntil: 'commit' });
    const headingSeenMs = await heading;
    await page.keyboard.press('Control+4');
    const buildsSeenMs = await rows;
    await app;
    const inPage = (await page.evaluate('({ scripts: performance.timing.domContentLoadedEventEnd, heading: window.__h1At, painted: window.__painted, held: window.__heldAt ?? 0 })')) as {
      scripts: number;
      heading: number;
      held: number;
      painted: { heading?: number; rows?: number; app?: number };
    };
    if (!inPage.painted.heading || !inPage.painted.rows || !inPage.painted.app) throw new Error(`bench broken: Chromium reported no paint of the heading or the rows (${JSON.stringify(inPage.painted)})`);
    await page.close();
    return {
      addressMs,
      headingMs: inPage.painted.heading - spawnedAt,
      buildsMs: inPage.painted.rows - spawnedAt,
      tabMs,
      scriptsMs: inPage.scripts - spawnedAt,
      headingInDomMs: inPage.heading - spawnedAt,
      appMs: inPage.painted.app - spawnedAt,
      headingSeenMs,
      buildsSeenMs,
      heldBeforePaint: inPage.held > 0 && inPage.held <= inPage.painted.heading,
    };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

/** The floor: a bare Node process printing its first line. */
async function bareNode(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', 'console.log("ready")'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const ms = performance.now() - started;
  await new Promise((resolve) => child.once('exit', resolve));
  return ms;
}

interface Side {
  readonly name: string;
  readonly entry: string;
  readonly dataDir: string;
  readonly results: Run[];
}

function report(side: Side): Spread[] {
  const figures = [spread(side.results.map((r) => r.addressMs)), spread(side.results.map((r) => r.headingMs)), spread(side.results.map((r) => r.buildsMs))];
  finite(`${side.name} startup figures`, ...figures.map((f) => f.median));
  console.log(`\n${side.name}: startup with ${buildCount} builds, ${repositoryCount} repositories, ${webhookCount}×${deliveriesPerHook} deliveries`);
  console.log(`address printed:        ${showSpread(figures[0]!, 0, ' ms')}  (target ≤ 400 ms)`);
  console.log(`first heading painted:  ${showSpread(figures[1]!, 0, ' ms')}  (target ≤ 800 ms)`);
  console.log(`Builds page, 50 rows:   ${showSpread(figures[2]!, 0, ' ms')}  (target ≤ 1000 ms)`);
  const seen = [spread(side.results.map((r) => r.headingSeenMs)), spread(side.results.map((r) => r.buildsSeenMs))];
  finite(`${side.name} seen figures`, ...seen.map((f) => f.median));
  console.log(`  heard of by this bench (the paint plus the harness's lag): heading ${showSpread(seen[0]!, 0, ' ms')}, rows ${showSpread(seen[1]!, 0, ' ms')}`);
  const phases = [spread(side.results.map((r) => r.tabMs)), spread(side.results.map((r) => r.scriptsMs)), spread(side.results.map((r) => r.headingInDomMs)), spread(side.results.map((r) => r.appMs))];
  finite(`${side.name} start phases`, ...phases.map((f) => f.median));
  console.log(`  where the heading's time went (medians, ms from the spawn): tab open ${phases[0]!.median.toFixed(0)}, heading in the DOM ${phases[2]!.median.toFixed(0)}, painted ${figures[1]!.median.toFixed(0)}; scripts run (DOMContentLoaded) ${phases[1]!.median.toFixed(0)}`);
  console.log(`app's own first frame painted: ${showSpread(phases[3]!, 0, ' ms')}  (React's first commit; the heading above can come earlier, from index.html)`);
  const held = side.results.filter((r) => r.heldBeforePaint).length;
  console.log(`  the frame's keys and links worked (the boot script held it) before its heading was painted: ${held} of ${side.results.length} starts`);
  return figures;
}

runBench(async () => {
  if (!existsSync(entry)) throw new Error('out/main/headless.js is missing: run `npm run build` first');
  const seeded = keptDataDir ?? tempDir();
  if (!existsSync(join(seeded, 'slipway.db'))) {
    mkdirSync(seeded, { recursive: true });
    const seedStarted = Date.now();
    await seed(seeded);
    console.log(`seeding took ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
  }
  // Each side starts on its own copy: a newer build may migrate the database, which an older one refuses.
  const copyOf = (): string => {
    const dir = tempDir();
    cpSync(seeded, dir, { recursive: true });
    return dir;
  };
  const sides: Side[] = [{ name: 'this build', entry, dataDir: copyOf(), results: [] }];
  if (baselineOut) {
    const baselineEntry = resolve(baselineOut, 'main', 'headless.js');
    if (!existsSync(baselineEntry)) throw new Error(`--baseline: ${baselineEntry} is missing`);
    sides.push({ name: 'baseline', entry: baselineEntry, dataDir: copyOf(), results: [] });
  }
  const browser = await launchBrowser();
  const floors: number[] = [];
  const barePages: Run[] = [];
  const barePageArgs = [join(import.meta.dirname, 'support', 'bare-page.mjs'), join(dirname(entry), '..', 'renderer', 'assets')];
  const floorDir = tempDir();
  const measureFloors = async (): Promise<void> => {
    floors.push(await bareNode());
    barePages.push(await startOnce(browser, barePageArgs, floorDir));
  };
  try {
    // One start each to warm the page cache, as a user's second start would be; not counted.
    for (const side of sides) await startOnce(browser, hostArgs(side.entry, side.dataDir), side.dataDir);
    for (let i = 0; i < runs; i++) {
      // Alternate which side goes first, so neither always runs on a quieter machine.
      const order = i % 2 === 0 ? sides : [...sides].reverse();
      if (i % 2 === 0) await measureFloors();
      for (const side of order) {
        const last = await startOnce(browser, hostArgs(side.entry, side.dataDir), side.dataDir);
        side.results.push(last);
        console.log(`run ${i + 1}, ${side.name}: address ${last.addressMs.toFixed(0)} ms, heading ${last.headingMs.toFixed(0)} ms, builds ${last.buildsMs.toFixed(0)} ms`);
      }
      if (i % 2 === 1) await measureFloors();
      const bare = barePages[barePages.length - 1]!;
      console.log(`run ${i + 1}: bare node ${floors[floors.length - 1]!.toFixed(0)} ms; bare page: heading ${bare.headingMs.toFixed(0)} ms, rows ${bare.buildsMs.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
  }
  const [address, heading, builds] = report(sides[0]!);
  const floor = spread(floors);
  finite('bare node', floor.median);
  console.log(`bare node (baseline):   ${showSpread(floor, 0, ' ms')}`);
  console.log(`address / bare node:    ${(address!.median / floor.median).toFixed(2)} (median over median)`);
  const bareHeading = spread(barePages.map((r) => r.headingMs));
  const bareRows = spread(barePages.map((r) => r.buildsMs));
  finite('bare page', bareHeading.median, bareRows.median);
  console.log(`bare page (the floor: the same harness, a static heading, 50 rows built with the DOM on the key, no app):`);
  console.log(`  heading painted:      ${showSpread(bareHeading, 0, ' ms')}`);
  console.log(`  50 rows painted:      ${showSpread(bareRows, 0, ' ms')}`);
  console.log(`heading / bare page:    ${(heading!.median / bareHeading.median).toFixed(2)}; Builds page / bare page: ${(builds!.median / bareRows.median).toFixed(2)} (median over median)`);
  if (sides[1]) {
    report(sides[1]);
    const median = (side: Side, pick: (r: Run) => number) => spread(side.results.map(pick)).median;
    const compared: [string, (r: Run) => number][] = [
      ['address printed', (r) => r.addressMs],
      ['first heading painted', (r) => r.headingMs],
      ["app's own first frame painted", (r) => r.appMs],
      ['Builds page, 50 rows painted', (r) => r.buildsMs],
    ];
    console.log('\nthis build / baseline (median over median):');
    for (const [name, pick] of compared) console.log(`  ${name}: ${(median(sides[0]!, pick) / median(sides[1], pick)).toFixed(2)}`);
  }
});
