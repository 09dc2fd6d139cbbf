/**
 * The log path, end to end: a real build prints 200,000 lines; every 1,000th line carries the
 * moment the container wrote it (the kernel's uptime, shared with the host). The build page in
 * Chromium, following the tail, notes when each of those lines appears on screen. Reports the
 * latency from the engine writing a line to the renderer showing it (p50/p95), how long the whole
 * log took to arrive, and the renderer's JS heap with the whole log loaded.
 * The baseline, measured in the same run: the same Dockerfile through `docker build
 * --progress=plain` (Debian's CLI), timed until its last line.
 * Run: npx tsx bench/log-latency.ts [--lines 200000]
 */
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../test/support/browser';
import { cli, ensureBusyboxImage, testEngine } from '../test/support/engine';
import { startGitServer } from '../test/support/git-server';
import { hostCall, startHeadless } from '../test/support/headless';
import { startRegistry } from '../test/support/registry';
import { tempDir } from '../test/support/temp';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const total = Number(args[args.indexOf('--lines') + 1] ?? 200_000) || 200_000;
const burst = 1000;

const uptimeMs = () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))] ?? NaN;

async function main() {
  const engine = await testEngine();
  const [registry, git, browser] = await Promise.all([startRegistry(), startGitServer(), launchBrowser(), ensureBusyboxImage(engine)]);
  const dataDir = tempDir();
  const app = await startHeadless(dataDir, { DOCKER_HOST: engine.host, DOCKER_CONFIG: dataDir });
  // Uptime in the container is the host's: epoch = uptime + offset.
  const offset = Date.now() - uptimeMs();
  const script = `awk 'BEGIN{for(b=0;b<${total / burst};b++){for(i=1;i<${burst};i++) print "line " b*${burst}+i " of the benchmark log, some text to make it realistic"; getline u < "/proc/uptime"; close("/proc/uptime"); split(u, a, " "); print "MARK " a[1]; system("usleep 20000")}}'`;
  const dockerfile = `FROM local/busybox\nRUN echo nonce-${Date.now()} && ${script}\n`;
  try {
    const cloneUrl = git.createRepo('bench/log');
    git.commit('bench/log', 'main', { Dockerfile: dockerfile });
    const reg = await hostCall<{ id: string }>(app, 'registries:create', { name: 'local', endpoint: registry.host, insecure: true, username: '' });
    const ns = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: reg.id, name: 'team' });
    const repo = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: ns.id, name: 'log' });
    await hostCall(app, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'bench/log', cloneUrl } });
    await hostCall(app, 'rules:save', { repositoryId: repo.id, spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'log' }], architectures: ['linux/amd64'], buildArgs: [] } });

    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    // Notes when each mark arrives over the event socket, to tell transport time from render time.
    await page.addInitScript(`(() => {
      const arrived = new Map();
      window.__arrived = arrived;
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(...a) {
          super(...a);
          this.addEventListener('message', (e) => {
            if (typeof e.data !== 'string' || !e.data.includes('MARK ')) return;
            const t = Date.now();
            for (const m of e.data.matchAll(/MARK (\\d+\\.\\d+)/g)) if (!arrived.has(m[1])) arrived.set(m[1], t);
          });
        }
      };
    })()`);
    await page.goto(`${app.origin}/#token=${app.token}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repo.id);
    await page.getByRole('button', { name: 'Build rule 1 now' }).click();
    await page.locator('.log-viewer').waitFor();
    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    await page.evaluate(`(() => {
      const seen = new Map();
      window.__marks = seen;
      const root = document.querySelector('.log-viewer');
      new MutationObserver(() => {
        const t = Date.now();
        for (const el of root.querySelectorAll('.log-line')) {
          const m = /MARK (\\d+\\.\\d+)/.exec(el.textContent || '');
          if (m && !seen.has(m[1])) seen.set(m[1], t);
        }
      }).observe(root, { childList: true, subtree: true, characterData: true });
    })()`);
    const profiler = process.env.PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    await page.getByTestId('build-status').filter({ hasText: 'Succeeded' }).waitFor({ timeout: 600_000 });
    if (profiler) {
      const { profile } = (await profiler.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[] } };
      const self = new Map<string, number>();
      for (const n of profile.nodes) {
        const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
      }
      console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${v}\t${k}`).join('\n'));
    }
    const marks = (await page.evaluate('[...window.__marks.entries()]')) as [string, number][];
    const latencies = marks.map(([uptime, shown]) => shown - (Number(uptime) * 1000 + offset));
    const arrivals = ((await page.evaluate('[...window.__arrived.entries()]')) as [string, number][]).map(([uptime, at]) => at - (Number(uptime) * 1000 + offset));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    const lineCount = await page.locator('#log-heading').textContent();

    // Baseline: the docker CLI's plain progress for the same Dockerfile, timed to its last line.
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), dockerfile.replace(/nonce-\d+/, `nonce-${Date.now()}`));
    const t0 = Date.now();
    const plain = await cli(engine, ['build', '--progress=plain', '-t', 'bench-log-cli', dir]);
    const cliSeconds = (Date.now() - t0) / 1000;
    const cliMarks = (plain.stderr.match(/MARK/g) ?? []).length;

    console.log(`lines: ${total.toLocaleString()} (${lineCount?.trim()})`);
    console.log(`marks seen on screen: ${latencies.length} of ${total / burst}`);
    console.log(`engine → screen latency: p50 ${pct(latencies, 0.5).toFixed(0)} ms, p95 ${pct(latencies, 0.95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`);
    console.log(`engine → event socket in the page: p50 ${pct(arrivals, 0.5).toFixed(0)} ms, p95 ${pct(arrivals, 0.95).toFixed(0)} ms (${arrivals.length} marks)`);
    console.log(`renderer JS heap with the whole log: ${(heap / 2 ** 20).toFixed(1)} MiB`);
    console.log(`docker build --progress=plain for the same Dockerfile: ${cliSeconds.toFixed(1)} s (${cliMarks} marks printed, exit ${plain.code})`);
  } finally {
    await app.stop();
    await browser.close();
    await registry.stop();
    await git.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
