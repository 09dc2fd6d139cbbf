/**
 * Matching 10,000 refs against 100 rules, as the remote watcher and the rule playground do.
 * Printed as a ratio against a naive matcher (a new RegExp per test) measured in the same run.
 * Run: npx tsx bench/rules-match.ts [--quick]   (--quick: 1,000 refs, 2 timed runs)
 */
import { ruleSpecSchema, type RuleSpec } from '../src/shared/models/rule';
import { compilePattern, planPush, type PushedRef } from '../src/shared/rules';
import { finite, option, quick } from './support/figures';

const refCount = option('refs', 10_000, 1_000);
const timedRuns = quick ? 2 : 7;

const rules: { id: string; spec: RuleSpec }[] = [];
for (let i = 0; i < 100; i++) {
  const kind = i % 4;
  const spec = ruleSpecSchema.parse({
    type: kind === 3 ? 'tag' : 'branch',
    source: kind === 0 ? `service-${i}` : kind === 1 ? `release-${i}-(?<imageTag>\\w+)` : kind === 2 ? `feature/team${i}/(?<name>[a-z-]+)` : `v${i}\\.(?<minor>\\d+)\\.(?<patch>\\d+)`,
    isRegex: kind !== 0,
    tags: [{ template: kind === 0 ? 'latest' : kind === 1 ? '${imageTag}' : kind === 2 ? '${name}' : '${minor}.${patch}' }],
    architectures: ['linux/amd64'],
    buildArgs: [],
  });
  rules.push({ id: `r${i}`, spec });
}
const refs: PushedRef[] = [];
for (let i = 0; i < refCount; i++) {
  const n = i % 100;
  const kind = i % 5;
  const name = kind === 0 ? `service-${n}` : kind === 1 ? `release-${n}-v${i}` : kind === 2 ? `feature/team${n}/login-page` : kind === 3 ? `dependabot/npm/lib-${i}` : `v${n}.${i % 7}.${i % 13}`;
  refs.push({ type: kind === 4 ? 'tag' : 'branch', name, commitId: 'd4ef3dc3b77a011a5779eec7efdd45c0ffee1234' });
}

function naive(): number {
  let matches = 0;
  for (const ref of refs) {
    for (const { spec } of rules) {
      if (spec.type !== ref.type) continue;
      const hit = spec.isRegex ? new RegExp(`^(?:${spec.source})$`, 'u').test(ref.name) : spec.source === ref.name;
      if (hit) matches++;
    }
  }
  return matches;
}

function compiled(): number {
  let matches = 0;
  const patterns = rules.map((r) => compilePattern(r.spec));
  for (const ref of refs) for (const p of patterns) if (p.ok && p.test(ref)) matches++;
  return matches;
}

function median(fn: () => unknown, runs = timedRuns): number {
  const times: number[] = [];
  fn();
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

const a = naive();
const b = compiled();
if (a !== b) throw new Error(`matchers disagree: ${a} vs ${b}`);
const naiveMs = median(naive);
const compiledMs = median(compiled);
const planMs = median(() => planPush(rules, refs, new Date()), Math.min(5, timedRuns));
const pairs = refs.length * rules.length;
if (b === 0) throw new Error('bench broken: no ref matched any rule');
finite('a matcher time', naiveMs, compiledMs, planMs);
console.log(`refs×rules: ${pairs.toLocaleString('en-US')} (${b} matches)`);
console.log(`naive (new RegExp per test): ${naiveMs.toFixed(1)} ms`);
console.log(`Slipway compiled matcher:    ${compiledMs.toFixed(1)} ms  (${(pairs / compiledMs / 1000).toFixed(1)} million ref×rule checks per second)`);
console.log(`full plan (match + render):  ${planMs.toFixed(1)} ms`);
console.log(`| match ${refCount.toLocaleString('en-US')} refs × 100 rules | ${compiledMs.toFixed(1)} ms | ${naiveMs.toFixed(1)} ms | ${(compiledMs / naiveMs).toFixed(3)} |`);
