/**
 * A linux/amd64 + linux/arm64 build on two builders (each platform on its own engine, side by side)
 * against the same build on one builder doing both platforms one after the other. Two dockerd
 * engines on this machine (test/support/extra-engine.ts); builder B is declared arm64-native and
 * runs arm64 through QEMU like A does, so the figure is what fan-out buys, not native speed.
 * Each round builds a new commit once per side, the side that goes first alternating round by
 * round; each round gives one ratio (two builders / one builder, wall time from queued to
 * finished); the figure is min / median / max of those ratios. Cache is off for both repositories.
 * Both engines share this machine's cores: the ratio shows how far the platforms overlap, bounded by
 * the cores free at the time (on separate machines each platform has its own).
 * Run: npx tsx bench/pool.ts [--runs 5] [--work 60000] [--quick]
 * (--quick: one round with a small RUN step and no untimed first round, so the bench quick test
 * proves the path still runs)
 */
import type { Core } from '../src/main/core';
import { RegistryClient } from '../src/main/core/registries';
import type { Build } from '../src/shared/models/build';
import type { ImageRepository } from '../src/shared/models/repository';
import type { BuildRule } from '../src/shared/models/rule';
import { call, imageRepositoryFor, rule } from '../test/support/build-fixture';
import { testCore } from '../test/support/core';
import { testEngine } from '../test/support/engine';
import { extraEngine } from '../test/support/extra-engine';
import { startGitServer } from '../test/support/git-server';
import { enableArm64Emulation, pushMultiArchBase } from '../test/support/multiarch-base';
import { startRegistry } from '../test/support/registry';
import { tempDir } from '../test/support/temp';
import { exercised, finite, option, quick, runBench, showSpread, spread } from './support/figures';

const runs = option('runs', 5, 1);
/** Shell loop iterations per platform: the CPU work a RUN step does (slow under QEMU). */
const work = option('work', 60_000, 2_000);

interface Side {
  readonly label: string;
  readonly repo: ImageRepository;
  readonly ruleId: string;
  readonly seconds: number[];
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

    const side = async (label: string, name: string, pool: string[]): Promise<Side> => {
      const made = await imageRepositoryFor(core, registry, git, name, { noCache: true });
      const repo = await call<ImageRepository>(core, 'repositories:update', { id: made.id, builderPool: pool });
      const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ architectures: ['linux/amd64', 'linux/arm64'], tags: [{ template: 'bench' }] }) });
      return { label, repo, ruleId: r.id, seconds: [] };
    };
    const two = await side('two builders', 'bench/two', [builderA, builderB]);
    const one = await side('one builder', 'bench/one', [builderA]);

    const buildOnce = async (s: Side, round: number): Promise<number> => {
      const name = s.repo.codeRepository?.fullName ?? '';
      const commit = git.commit(name, 'main', {
        Dockerfile: `FROM ${registry.host}/base/multi:1\nRUN echo round-${round}-${Date.now()} && i=0 && while [ $i -lt ${work} ]; do i=$((i+1)); done && uname -m\n`,
      });
      const started = performance.now();
      const queued = await core.builds.enqueue({ repositoryId: s.repo.id, ruleId: s.ruleId, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'manual' });
      if (!queued) throw new Error('bench broken: the build was not queued');
      const done: Build = await core.builds.settled(queued.id);
      if (done.status !== 'succeeded') throw new Error(`bench broken: ${s.label} build ${done.status}: ${JSON.stringify(done.error)}`);
      const builders = new Set(done.placements.map((p) => p.builderId));
      exercised(`${s.label} on ${s === two ? 2 : 1} builder(s)`, builders.size === (s === two ? 2 : 1));
      return (performance.now() - started) / 1000;
    };

    // One untimed round first: the builders' first probes and their first pull of the base are not what is measured.
    if (!quick) for (const s of [two, one]) await buildOnce(s, -1);
    const ratios: number[] = [];
    for (let round = 0; round < runs; round++) {
      // Alternating who goes first: neither side always runs on a machine the other just warmed.
      const order = round % 2 === 0 ? [two, one] : [one, two];
      for (const s of order) s.seconds.push(await buildOnce(s, round));
      const ratio = two.seconds[round]! / one.seconds[round]!;
      finite('ratio', ratio);
      ratios.push(ratio);
      console.log(`round ${round + 1}: two builders ${two.seconds[round]!.toFixed(1)} s, one builder ${one.seconds[round]!.toFixed(1)} s, ratio ${ratio.toFixed(2)}`);
    }
    console.log(`two-platform build (${work} loop iterations per platform), two builders: ${showSpread(spread(two.seconds), 1, ' s')}`);
    console.log(`same build, one builder doing both: ${showSpread(spread(one.seconds), 1, ' s')}`);
    console.log(`two builders / one builder: ratio ${showSpread(spread(ratios))}`);
  } finally {
    core.close();
    await registry.stop();
    await git.stop();
  }
}

runBench(main);
