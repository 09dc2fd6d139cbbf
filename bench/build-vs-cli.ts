/**
 * Slipway build+push against `docker build` + `docker push` (Debian's CLI 20.10 with BuildKit) on
 * the same commit, the same engine and the same registry, measured in one run:
 *   - small context, cold cache (build cache pruned and images removed before each run) and warm
 *     (one source file changed between runs, so the COPY and the steps after it rebuild);
 *   - large context (~200 MB in ~20k files), warm, one file changed between runs, measured with
 *     both context transports: the session's file sync (the default) and the tar upload.
 * Each case alternates the two tools and reports medians and the Slipway/CLI ratio.
 * Both start from the same point — a new commit pushed to the git server — so both fetch it:
 * Slipway into its bare mirror (then packs the context from git objects), the CLI baseline into a
 * clone of the same repository (`git fetch` + `git checkout`, then `docker build` + `docker push`).
 * The CLI gets the same cache options Slipway sets: inline cache, the last pushed image as cache-from.
 * Run: npx tsx bench/build-vs-cli.ts [--runs 3] [--skip-large] [--large-only]
 */
import { execFile, execFileSync } from 'node:child_process';
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

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
const skipLarge = args.includes('--skip-large');
const largeOnly = args.includes('--large-only');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.invalid', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.invalid' };
// The git server runs in this process: commands that talk to it must not block the event loop.
const gAsync = (cwd: string, ...a: string[]) =>
  new Promise<void>((resolve, reject) => execFile('git', a, { cwd, env: gitEnv }, (error) => (error ? reject(error) : resolve())));
const g = (cwd: string, ...a: string[]) => execFileSync('git', a, { cwd, env: gitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }).trim();

interface Case {
  readonly name: string;
  readonly files: Record<string, Buffer | string>;
  readonly dockerfile: string;
  readonly cold: boolean;
  /** Also time Slipway with the tar transport (a second core set to SLIPWAY_CONTEXT_TRANSPORT=tar). */
  readonly withTar?: boolean;
}

interface Slipways {
  readonly session: Core;
  readonly tar: Core;
}

async function measure(cores: Slipways, engine: TestEngine, git: GitServer, registryHost: string, c: Case, index: number) {
  const repoName = `bench/case${index}`;
  const fakeRegistry = { host: registryHost, url: '', tls: false, users: [{ username: '', password: '' }], stop: async () => undefined };
  const core = cores.session;
  const repo = await imageRepositoryFor(core, fakeRegistry, git, repoName);
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'slipway' }] }) });
  // The tar core reads the same git repository (createRepo on an existing bare repository is a no-op re-init).
  const tarRepo = c.withTar ? await imageRepositoryFor(cores.tar, fakeRegistry, git, repoName) : null;
  const tarRule = tarRepo ? await call<BuildRule>(cores.tar, 'rules:save', { repositoryId: tarRepo.id, spec: rule({ tags: [{ template: 'slipway-tar' }] }) }) : null;
  // One working copy, pushed to the git server: the CLI builds from it, Slipway fetches from the server.
  const work = tempDir('slipway-bench-work-');
  g(work, 'init', '-q');
  g(work, 'remote', 'add', 'origin', join(git.root, `${repoName}.git`));
  for (const [path, content] of Object.entries({ ...c.files, Dockerfile: c.dockerfile })) {
    mkdirSync(join(work, path, '..'), { recursive: true });
    writeFileSync(join(work, path), content);
  }
  g(work, 'add', '-A');
  g(work, 'commit', '-qm', 'base');
  g(work, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
  const cliRef = `${registryHost}/team/case${index}:cli`;
  const checkout = tempDir('slipway-bench-checkout-');
  await gAsync(checkout, 'clone', '-q', `${git.url}/${repoName}.git`, '.');
  const slipwayTimes: number[] = [];
  const tarTimes: number[] = [];
  const cliTimes: number[] = [];
  const sentLines: string[] = [];

  const change = (round: number) => {
    writeFileSync(join(work, 'changed.txt'), `round ${round} ${Date.now()}\n`);
    g(work, 'add', '-A');
    g(work, 'commit', '-qm', `round ${round}`);
    g(work, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
    return g(work, 'rev-parse', 'HEAD');
  };
  const coldReset = async () => {
    await cli(engine, ['builder', 'prune', '-af']);
    await cli(engine, ['rmi', '-f', cliRef, `${repo.reference}:slipway`]);
  };
  const runSlipway = async (commit: string, on: Core = core, repositoryId = repo.id, ruleId = r.id) => {
    const t0 = performance.now();
    const build = await on.builds.enqueue({ repositoryId, ruleId, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'manual' });
    const done = await on.builds.settled(build!.id);
    if (done.status !== 'succeeded') throw new Error(`slipway build failed: ${JSON.stringify(done.error)}`);
    const elapsed = performance.now() - t0;
    const lines = (await call<{ lines: string[] }>(on, 'builds:log', { id: build!.id, limit: 100_000 })).lines;
    const sent = lines.find((l) => l.startsWith('Context: '));
    if (sent) sentLines.push(sent);
    return elapsed;
  };
  const runTar = (commit: string) => runSlipway(commit, cores.tar, tarRepo!.id, tarRule!.id);
  const runCli = async () => {
    const t0 = performance.now();
    await gAsync(checkout, 'fetch', '-q', 'origin', 'main');
    await gAsync(checkout, 'checkout', '-q', 'FETCH_HEAD');
    // The same cache options Slipway uses: inline cache metadata, the last pushed image as a cache source.
    const b = await cli(engine, ['build', '-q', '--build-arg', 'BUILDKIT_INLINE_CACHE=1', '--cache-from', cliRef, '-t', cliRef, '.'], { cwd: checkout });
    if (b.code !== 0) throw new Error(`docker build failed: ${b.stderr}`);
    const p = await cli(engine, ['push', cliRef]);
    if (p.code !== 0) throw new Error(`docker push failed: ${p.stderr}`);
    return performance.now() - t0;
  };

  // A first untimed round of each fills the caches and the registry.
  let commit = change(0);
  await runSlipway(commit);
  if (tarRepo) await runTar(commit);
  await runCli();
  sentLines.length = 0;
  for (let round = 1; round <= runs; round++) {
    commit = change(round);
    if (c.cold) await coldReset();
    slipwayTimes.push(await runSlipway(commit));
    if (tarRepo) {
      if (c.cold) await coldReset();
      tarTimes.push(await runTar(commit));
    }
    if (c.cold) await coldReset();
    cliTimes.push(await runCli());
  }
  const s = median(slipwayTimes);
  const d = median(cliTimes);
  const t = tarTimes.length > 0 ? median(tarTimes) : null;
  return { name: c.name, slipway: s, cli: d, ratio: s / d, tar: t, tarRatio: t === null ? null : t / d, sent: [...new Set(sentLines)] };
}

function largeFiles(): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  // ~20k files, ~200 MB: mostly 8 KiB files, a few larger ones, incompressible like real assets.
  for (let i = 0; i < 20_000; i++) files[`assets/d${i % 100}/f${i}.bin`] = randomBytes(i % 500 === 0 ? 1 << 20 : 9 * 1024);
  return files;
}

async function main() {
  const [engine, registry, git] = await Promise.all([testEngine(), startRegistry(), startGitServer()]);
  await ensureBusyboxImage(engine);
  const dir = tempDir();
  const core = testCore(dir, { DOCKER_CONFIG: dir, DOCKER_HOST: engine.host });
  const tarDir = tempDir();
  const tarCore = testCore(tarDir, { DOCKER_CONFIG: tarDir, DOCKER_HOST: engine.host, SLIPWAY_CONTEXT_TRANSPORT: 'tar' });
  const small = { 'src/app.sh': '#!/bin/sh\necho hello\n', 'src/lib/util.sh': 'x=1\n', 'README.md': '# bench\n' };
  const smallDockerfile = 'FROM local/busybox\nRUN echo preparing && seq 1 2000 > /numbers\nCOPY . /app\nRUN ls -R /app | wc -l && sha256sum /numbers\n';
  const cases: Case[] = largeOnly
    ? []
    : [
        { name: 'small context, cold cache', files: small, dockerfile: smallDockerfile, cold: true },
        { name: 'small context, warm cache (one file changed)', files: small, dockerfile: smallDockerfile, cold: false },
      ];
  if (!skipLarge) cases.push({ name: 'large context ~200 MB / 20k files, warm (one file changed)', files: largeFiles(), dockerfile: 'FROM local/busybox\nCOPY . /app\nRUN du -sh /app\n', cold: false, withTar: true });
  const results = [];
  try {
    for (const [i, c] of cases.entries()) {
      const result = await measure({ session: core, tar: tarCore }, engine, git, registry.host, c, i + (largeOnly ? 2 : 0));
      results.push(result);
      const tar = result.tar === null ? '' : `; with the tar transport ${(result.tar / 1000).toFixed(2)} s, ratio ${result.tarRatio!.toFixed(2)}`;
      console.log(`${result.name}: Slipway ${(result.slipway / 1000).toFixed(2)} s, docker CLI ${(result.cli / 1000).toFixed(2)} s, ratio ${result.ratio.toFixed(2)}${tar}`);
      for (const line of result.sent) console.log(`  ${line}`);
    }
  } finally {
    core.close();
    tarCore.close();
    await registry.stop();
    await git.stop();
  }
  console.log('\n| Case | Slipway | docker build + push | Ratio |\n| --- | --- | --- | --- |');
  for (const r of results) {
    console.log(`| ${r.name} | ${(r.slipway / 1000).toFixed(2)} s | ${(r.cli / 1000).toFixed(2)} s | ${r.ratio.toFixed(2)} |`);
    if (r.tar !== null) console.log(`| ${r.name}, tar transport | ${(r.tar / 1000).toFixed(2)} s | ${(r.cli / 1000).toFixed(2)} s | ${r.tarRatio!.toFixed(2)} |`);
  }
  console.log(`\nmedian of ${runs} runs each, alternating; engine and registry on this machine`);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
