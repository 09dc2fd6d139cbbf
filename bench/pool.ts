/**
 * A linux/amd64 + linux/arm64 build (arm64 under QEMU), wall time from queued to pushed, three ways
 * in one run, each round building a new commit with each, the order rotating round by round:
 *   - the docker CLI as a user types it on one engine (`git fetch` + `git checkout`, then per
 *     platform `docker build --platform` and `docker push`, then `docker manifest create` and
 *     `docker manifest push`): the platforms one after the other;
 *   - Slipway with one builder: its two platforms side by side on that engine (build-lane.ts);
 *   - Slipway with two builders: each platform on its own engine (builder B is declared
 *     arm64-native and runs arm64 through QEMU like A does, so the figure is what fan-out buys, not
 *     native speed).
 * Two dockerd engines on this machine (test/support/extra-engine.ts); the CLI uses engine A. Each
 * round gives one ratio per Slipway side against the CLI; the figures are min / median / max of
 * those. Cache is off everywhere (`--no-cache` for the CLI). Both engines share this machine's
 * cores: the overlap is bounded by the cores free at the time.
 * Run: npx tsx bench/pool.ts [--runs 5] [--work 60000] [--quick]
 * (--quick: one round with a small RUN step and no untimed first round, so the bench quick test
 * proves the path still runs) */
import type { Core } from '../src/main/core';
import { RegistryClient } from '../src/main/core/registries';
import type { Build } from '../src/shared/models/build';
import type { ImageRepository } from '../src/shared/models/repository';
import type { BuildRule } from '../src/shared/models/rule';
import { call, imageRepositoryFor, rule } from '../test/support/build-fixture';
import { testCore } from '../test/support/core';
import { cli, testEngine } from '../test/support/engine';
import { extraEngine } from '../test/support/extra-engine';
import { startGitServer } from '../test/support/git-server';
import { enableArm64Emulation, pushMultiArchBase } from '../test/support/multiarch-base';
import { startRegistry } from '../test/support/registry';
import { tempDir } from '../test/support/temp';
import { exercised, finite, option, quick, runBench, showSpread, spread } from './support/figures';
import { gitAsync } from './support/git';

const runs = option('runs', 5, 1);
/** Shell loop iterations per platform: the CPU work a RUN step does (slow under QEMU). */
const work = option('work', 60_000, 2_000);

interface Side {
  readonly label: string;
  readonly seconds: number[];
  readonly run: (dockerfile: string) => Promise<number>;
}

async function main(): Promise<void> {
  enableArm64Emulation();
  const local = await testEngine();
  const [registry, git, a, b] = await Promise.all([startRegistry({ auth: 'htpasswd' }), startGitServer(), extraEngine('a'), extraEngine('b')]);
  const dir = tempDir('slipway-bench-pool-');
  const core: Core = testCore(dir, { DOCKER_CONFIG: dir, DOCKER_HOST: local.host });
  try {
    const user = registry.users[0]!;
    await pushMultiArchBase(new RegistryClient({ host: registry.host, insecure: true }, { username: user.username, secret: user.password }), 'base/multi', '1');
    const builderA = (await call<{ id: string }>(core, 'builders:create', { name: 'bench-a', endpoint: a.endpoint })).id;
    const builderB = (await call<{ id: string }>(core, 'builders:create', { name: 'bench-b', endpoint: b.endpoint })).id;
    await call(core, 'builders:update', { id: builderB, capacity: 1, nativePlatforms: ['linux/arm64'] });

    const slipway = async (label: string, name: string, pool: string[]): Promise<Side> => {
      const made = await imageRepositoryFor(core, registry, git, name, { noCache: true });
      const repo = await call<ImageRepository>(core, 'repositories:update', { id: made.id, builderPool: pool });
      const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ architectures: ['linux/amd64', 'linux/arm64'], tags: [{ template: 'bench' }] }) });
      return {
        label,
        seconds: [],
        run: async (dockerfile) => {
          const commit = git.commit(name, 'main', { Dockerfile: dockerfile });
          const started = performance.now();
          const queued = await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'manual' });
          if (!queued) throw new Error('bench broken: the build was not queued');
          const done: Build = await core.builds.settled(queued.id);
          if (done.status !== 'succeeded') throw new Error(`bench broken: ${label} build ${done.status}: ${JSON.stringify(done.error)}`);
          const builders = new Set(done.placements.map((p) => p.builderId));
          exercised(`${label} on ${pool.length} builder(s)`, builders.size === pool.length);
          return (performance.now() - started) / 1000;
        },
      };
    };

    // The CLI on engine A, logged in to the registry with a config of its own.
    const cliConfig = tempDir('slipway-bench-pool-cli-');
    const docker = async (args: string[], options: { cwd?: string; input?: string } = {}) => {
      const result = await cli(a, args, { ...options, env: { DOCKER_CONFIG: cliConfig } });
      if (result.code !== 0) throw new Error(`bench broken: docker ${args.join(' ')}: ${result.stderr}`);
    };
    await docker(['login', '-u', user.username, '--password-stdin', registry.host], { input: user.password });
    git.createRepo('bench/cli');
    git.commit('bench/cli', 'main', { Dockerfile: 'FROM scratch\n' });
    const checkout = tempDir('slipway-bench-pool-checkout-');
    await gitAsync(checkout, 'clone', '-q', `${git.url}/bench/cli.git`, '.');
    const image = `${registry.host}/bench/cli`;
    const platforms = ['linux/amd64', 'linux/arm64'];
    const cliSide: Side = {
      label: 'docker CLI',
      seconds: [],
      run: async (dockerfile) => {
        git.commit('bench/cli', 'main', { Dockerfile: dockerfile });
        const started = performance.now();
        await gitAsync(checkout, 'fetch', '-q', 'origin', 'main');
        await gitAsync(checkout, 'checkout', '-q', 'FETCH_HEAD');
        for (const platform of platforms) {
          const tag = `${image}:bench-${platform.split('/')[1]}`;
          await docker(['build', '-q', '--no-cache', '--platform', platform, '-t', tag, '.'], { cwd: checkout });
          await docker(['push', '-q', tag]);
        }
        await docker(['manifest', 'create', '--insecure', '--amend', `${image}:bench`, ...platforms.map((p) => `${image}:bench-${p.split('/')[1]}`)]);
        await docker(['manifest', 'push', '--insecure', '--purge', `${image}:bench`]);
        return (performance.now() - started) / 1000;
      },
    };
    const sides = [cliSide, await slipway('one builder', 'bench/one', [builderA]), await slipway('two builders', 'bench/two', [builderA, builderB])];
    const dockerfile = (round: number) =>
      `FROM ${registry.host}/base/multi:1\nRUN echo round-${round}-${Date.now()} && i=0 && while [ $i -lt ${work} ]; do i=$((i+1)); done && uname -m\n`;

    // One untimed round first: the builders' first probes and their first pull of the base are not what is measured.
    if (!quick) for (const s of sides) await s.run(dockerfile(-1));
    for (let round = 0; round < runs; round++) {
      // Rotating who goes first: no side always runs on a machine another just warmed.
      const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
      for (const s of order) s.seconds.push(await s.run(dockerfile(round)));
      console.log(`round ${round + 1}: ${sides.map((s) => `${s.label} ${s.seconds[round]!.toFixed(1)} s`).join(', ')}`);
    }
    console.log(`two-platform build, ${work} loop iterations per platform:`);
    for (const s of sides) console.log(`  ${s.label}: ${showSpread(spread(s.seconds), 1, ' s')}`);
    for (const s of sides.slice(1)) {
      const ratios = s.seconds.map((t, i) => t / cliSide.seconds[i]!);
      finite(`${s.label} ratio`, ...ratios);
      console.log(`${s.label} / docker CLI: ratio ${showSpread(spread(ratios))}`);
    }
  } finally {
    core.close();
    await registry.stop();
    await git.stop();
  }
}

runBench(main);
