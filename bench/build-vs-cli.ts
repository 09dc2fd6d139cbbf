/**
 * Slipway build+push against `docker build` + `docker push` (Debian's CLI 20.10 with BuildKit) on
 * the same commit, the same engine and the same registry, measured in one run:
 *   - small context, cold cache (build cache pruned and images removed before each run) and warm
 *     (one source file changed between runs, so the COPY and the steps after it rebuild), with the
 *     context transport Slipway ships (the session's file sync);
 *   - large context (~200 MB in ~20k files), warm, one file changed between runs, measured with
 *     both context transports named: the session's file sync and the tar upload.
 * Each round builds one new commit with every contender, in an order that rotates round by round,
 * so neither side always runs first (on a warm page cache, after the other's build). Each round
 * gives one Slipway/CLI ratio; the figure is min / median / max of those ratios, not one number.
 * Both start from the same point — a new commit pushed to the git server — so both fetch it:
 * Slipway into its bare mirror (then packs the context from git objects), the CLI baseline into a
 * clone of the same repository (`git fetch` + `git checkout`, then `docker build` + `docker push`).
 * Both write inline cache and import it from images pushed before: the CLI from its last pushed tag, as
 * a user types it; Slipway from the images its history says carry each step's record (cache-sources.ts).
 * Run: npx tsx bench/build-vs-cli.ts [--runs 5] [--skip-large] [--large-only] [--quick] [--timeline]
 * (--timeline: each Slipway build's log lines with when they reached the event bus)
 * (--quick: one round per case and no untimed first round, a large context of 300 files)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../src/main/core';
import type { BuildRule } from '../src/shared/models/rule';
import { call, imageRepositoryFor, rule } from '../test/support/build-fixture';
import { testCore } from '../test/support/core';
import { cli, ensureBusyboxImage, testEngine, type TestEngine } from '../test/support/engine';
import { startGitServer, type GitServer } from '../test/support/git-server';
import { startRegistry } from '../test/support/registry';
import { tempDir } from '../test/support/temp';
import { exercised, finite, option, quick, runBench, showSpread, spread, type Spread } from './support/figures';
import { gitAsync, gitSync } from './support/git';

const args = process.argv.slice(2);
const runs = option('runs', 5, 1);
const largeFileCount = option('large-files', 20_000, 300);
const skipLarge = args.includes('--skip-large');
const largeOnly = args.includes('--large-only');
const timeline = args.includes('--timeline');

/** A Slipway core configured with one context transport (its SLIPWAY_CONTEXT_TRANSPORT). */
interface Slipway {
  readonly label: string;
  readonly core: Core;
  /** What the build log's "Context: …" line must say, proving the transport was the one named. */
  readonly expectSent?: RegExp;
}

interface Case {
  readonly name: string;
  readonly files: Record<string, Buffer | string>;
  readonly dockerfile: string;
  readonly cold: boolean;
  readonly slipways: readonly Slipway[];
}

interface Contender {
  readonly label: string;
  readonly run: (commit: string) => Promise<number>;
  readonly times: number[];
  readonly sent: Set<string>;
  readonly expectSent?: RegExp;
}

interface CaseResult {
  readonly name: string;
  readonly cli: Spread;
  readonly slipways: { label: string; time: Spread; ratio: Spread; sent: string[] }[];
}

async function measure(engine: TestEngine, git: GitServer, registryHost: string, c: Case, index: number): Promise<CaseResult> {
  const repoName = `bench/case${index}`;
  const fakeRegistry = { host: registryHost, url: '', tls: false, users: [{ username: '', password: '' }], stop: async () => undefined };
  const contenders: Contender[] = [];
  const imageRefs: string[] = [];
  for (const [i, s] of c.slipways.entries()) {
    // Every core reads the same git repository (createRepo on an existing bare repository is a no-op re-init).
    const repo = await imageRepositoryFor(s.core, fakeRegistry, git, repoName);
    const tag = `slipway${i}`;
    const r = await call<BuildRule>(s.core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: tag }] }) });
    imageRefs.push(`${repo.reference}:${tag}`);
    const sent = new Set<string>();
    contenders.push({
      label: s.label,
      times: [],
      sent,
      expectSent: s.expectSent,
      run: async (commit) => {
        const t0 = performance.now();
        // --timeline: when each log line reached the bus, from the enqueue (where a build's time goes).
        const heard: string[] = [];
        const unsubscribe = timeline
          ? s.core.bus.subscribe((m) => {
              if (m.event === 'builds:log') for (const line of m.payload.lines) heard.push(`${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${line.slice(0, 110)}`);
            })
          : () => undefined;
        const build = await s.core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'manual' });
        if (!build) throw new Error(`${s.label}: the queue refused commit ${commit}`);
        heard.push(`${(performance.now() - t0).toFixed(0).padStart(6)} ms  (queued: enqueue returned)`);
        const done = await s.core.builds.settled(build.id);
        unsubscribe();
        if (timeline) console.log(`\n${c.name}, ${s.label}, ${(performance.now() - t0).toFixed(0)} ms:\n${heard.join('\n')}`);
        if (done.status !== 'succeeded') throw new Error(`${s.label} build failed: ${JSON.stringify(done.error)}`);
        const elapsed = performance.now() - t0;
        const lines = (await call<{ lines: string[] }>(s.core, 'builds:log', { id: build.id, limit: 100_000 })).lines;
        for (const line of lines) if (line.startsWith('Context: ')) sent.add(line);
        return elapsed;
      },
    });
  }
  // One working copy, pushed to the git server: the CLI builds from it, Slipway fetches from the server.
  const work = tempDir('slipway-bench-work-');
  gitSync(work, 'init', '-q');
  gitSync(work, 'remote', 'add', 'origin', join(git.root, `${repoName}.git`));
  for (const [path, content] of Object.entries({ ...c.files, Dockerfile: c.dockerfile })) {
    mkdirSync(join(work, path, '..'), { recursive: true });
    writeFileSync(join(work, path), content);
  }
  gitSync(work, 'add', '-A');
  gitSync(work, 'commit', '-qm', 'base');
  gitSync(work, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
  const cliRef = `${registryHost}/team/case${index}:cli`;
  const checkout = tempDir('slipway-bench-checkout-');
  await gitAsync(checkout, 'clone', '-q', `${git.url}/${repoName}.git`, '.');
  const cliContender: Contender = {
    label: 'docker CLI',
    times: [],
    sent: new Set(),
    run: async () => {
      const t0 = performance.now();
      await gitAsync(checkout, 'fetch', '-q', 'origin', 'main');
      await gitAsync(checkout, 'checkout', '-q', 'FETCH_HEAD');
      // Inline cache metadata, and the last pushed image as a cache source, as a user would type them.
      const b = await cli(engine, ['build', '-q', '--build-arg', 'BUILDKIT_INLINE_CACHE=1', '--cache-from', cliRef, '-t', cliRef, '.'], { cwd: checkout });
      if (b.code !== 0) throw new Error(`docker build failed: ${b.stderr}`);
      const p = await cli(engine, ['push', cliRef]);
      if (p.code !== 0) throw new Error(`docker push failed: ${p.stderr}`);
      return performance.now() - t0;
    },
  };
  contenders.push(cliContender);

  const change = (round: number) => {
    writeFileSync(join(work, 'changed.txt'), `round ${round} ${Date.now()}\n`);
    gitSync(work, 'add', '-A');
    gitSync(work, 'commit', '-qm', `round ${round}`);
    gitSync(work, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
    return gitSync(work, 'rev-parse', 'HEAD');
  };
  const coldReset = async () => {
    await cli(engine, ['builder', 'prune', '-af']);
    await cli(engine, ['rmi', '-f', cliRef, ...imageRefs]);
  };

  // A first untimed round of each fills the caches and the registry (--quick only proves the path runs).
  let commit = change(0);
  if (!quick) for (const k of contenders) await k.run(commit);
  for (const k of contenders) k.sent.clear();
  for (let round = 1; round <= runs; round++) {
    commit = change(round);
    // Rotate who goes first: the first build of a round pays for a cold page cache and git pack.
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
    for (const k of order) {
      if (c.cold) await coldReset();
      k.times.push(await k.run(commit));
    }
  }
  for (const k of contenders) {
    if (k.expectSent) exercised(`${c.name}: ${k.label} (log said ${[...k.sent].join('; ') || 'nothing'})`, [...k.sent].some((l) => k.expectSent!.test(l)));
  }
  const slipways = contenders.filter((k) => k !== cliContender).map((k) => {
    const ratio = spread(k.times.map((t, i) => t / cliContender.times[i]!));
    const time = spread(k.times);
    finite(`${c.name}: ${k.label} ratio`, ratio.min, ratio.median, ratio.max);
    return { label: k.label, time, ratio, sent: [...k.sent] };
  });
  return { name: c.name, cli: spread(cliContender.times), slipways };
}

function largeFiles(): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  // ~20k files, ~200 MB: mostly 9 KiB files, one in 500 of 1 MiB, incompressible like real assets.
  for (let i = 0; i < largeFileCount; i++) files[`assets/d${i % 100}/f${i}.bin`] = randomBytes(i % 500 === 0 ? 1 << 20 : 9 * 1024);
  return files;
}

function largeContextLabel(): string {
  const bytes = Array.from({ length: largeFileCount }, (_, i) => (i % 500 === 0 ? 1 << 20 : 9 * 1024)).reduce((a, b) => a + b, 0);
  return `~${Math.round(bytes / 1e6)} MB / ${largeFileCount.toLocaleString('en-US')} files`;
}

async function main() {
  const [engine, registry, git] = await Promise.all([testEngine(), startRegistry(), startGitServer()]);
  await ensureBusyboxImage(engine);
  const slipway = (label: string, transport?: 'session' | 'tar', expectSent?: RegExp): Slipway => {
    const dir = tempDir();
    const env = { DOCKER_CONFIG: dir, DOCKER_HOST: engine.host, ...(transport ? { SLIPWAY_CONTEXT_TRANSPORT: transport } : {}) };
    return { label, core: testCore(dir, env), expectSent };
  };
  const shipped = slipway('Slipway');
  const session = slipway('Slipway, session file sync', 'session', /session file sync/);
  const tar = slipway('Slipway, tar upload', 'tar', /tar upload/);
  const small = { 'src/app.sh': '#!/bin/sh\necho hello\n', 'src/lib/util.sh': 'x=1\n', 'README.md': '# bench\n' };
  const smallDockerfile = 'FROM local/busybox\nRUN echo preparing && seq 1 2000 > /numbers\nCOPY . /app\nRUN ls -R /app | wc -l && sha256sum /numbers\n';
  const cases: Case[] = largeOnly
    ? []
    : [
        { name: 'small context, cold cache', files: small, dockerfile: smallDockerfile, cold: true, slipways: [shipped] },
        { name: 'small context, warm cache (one file changed)', files: small, dockerfile: smallDockerfile, cold: false, slipways: [shipped] },
      ];
  if (!skipLarge) cases.push({ name: `large context ${largeContextLabel()}, warm (one file changed)`, files: largeFiles(), dockerfile: 'FROM local/busybox\nCOPY . /app\nRUN du -sh /app\n', cold: false, slipways: [session, tar] });
  const results: CaseResult[] = [];
  try {
    for (const [i, c] of cases.entries()) {
      const result = await measure(engine, git, registry.host, c, i + (largeOnly ? 2 : 0));
      results.push(result);
      for (const s of result.slipways) {
        console.log(`${result.name}, ${s.label}: ratio to the CLI ${showSpread(s.ratio)}; Slipway median ${(s.time.median / 1000).toFixed(2)} s, docker CLI median ${(result.cli.median / 1000).toFixed(2)} s`);
        for (const line of s.sent) console.log(`  ${line}`);
      }
    }
  } finally {
    for (const s of [shipped, session, tar]) s.core.close();
    await registry.stop();
    await git.stop();
  }
  console.log('\n| Case | Slipway (median) | docker build + push (median) | Ratio min / median / max |\n| --- | --- | --- | --- |');
  for (const r of results) {
    for (const s of r.slipways) {
      console.log(`| ${r.name}, ${s.label} | ${(s.time.median / 1000).toFixed(2)} s | ${(r.cli.median / 1000).toFixed(2)} s | ${s.ratio.min.toFixed(2)} / ${s.ratio.median.toFixed(2)} / ${s.ratio.max.toFixed(2)} |`);
    }
  }
  console.log(`\n${runs} rounds per case, the order rotating round by round; one ratio per round; engine and registry on this machine`);
}

runBench(main);
