import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { ruleSpecSchema, type RuleSpec, type RuleSpecInput } from '../../../src/shared/models/rule';
import { planPush } from '../../../src/shared/rules';
import { bakeFile } from '../../../src/main/core/exports/bake';
import { githubActionsWorkflow } from '../../../src/main/core/exports/github-actions';
import { planScript } from '../../../src/main/core/exports/plan-script';
import { portableRule, type ExportSource } from '../../../src/main/core/exports/portable';
import { parseHcl } from '../../support/hcl';

const rule = (input: Partial<RuleSpecInput>): RuleSpec =>
  ruleSpecSchema.parse({ type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [], ...input });

const rules: RuleSpec[] = [
  rule({}),
  rule({ type: 'tag', source: 'v(?<version>[0-9.]+)', isRegex: true, tags: [{ template: '${version}' }, { template: 'stable' }], architectures: ['linux/amd64', 'linux/arm64'] }),
  rule({ type: 'branch', source: 'release-(\\w+)-(\\d+)', isRegex: true, tags: [{ template: 'r${1}.${2}', commitIdLength: 7 }], contextDir: '/services/web', dockerfile: 'build/Dockerfile' }),
  rule({ type: 'branch', source: 'feature', isRegex: true, anchored: false, tags: [{ template: '${sourceref}', buildTime: { format: 'yyyyMMddHHmm', timeZone: 'Asia/Shanghai' } }] }),
  rule({ type: 'tag', source: 'nightly', isRegex: false, autobuild: false, buildCache: false, buildArgs: [{ key: 'CHANNEL', value: 'nightly "x"', secret: false }, { key: 'NPM_TOKEN', value: '', secret: true }] }),
];

const source: ExportSource = { image: 'registry.example.com:5000/team/web', registryHost: 'registry.example.com:5000', repositoryName: 'team/web', noCache: false, rules };

interface PlannedBuild {
  readonly rule: string;
  readonly context: string;
  readonly file: string;
  readonly platforms: string;
  readonly tags: string;
  readonly 'build-args': string;
  readonly 'no-cache': boolean;
}

/** Runs the workflow's plan script the way actions/github-script does, with `context` and `core`. */
function runPlan(ref: string, sha: string, timestamp: string, eventName = 'push'): PlannedBuild[] {
  const outputs = new Map<string, string>();
  const context = { ref, sha, eventName, payload: { head_commit: { timestamp } } };
  const core = { setOutput: (name: string, value: string) => outputs.set(name, value) };
  const script = planScript(rules.map((r, i) => portableRule(r, i, false)));
  // The script is the workflow's own text, run as github-script runs it (an async function body).
  new Function('context', 'core', script)(context, core);
  return JSON.parse(outputs.get('builds') ?? 'null') as PlannedBuild[];
}

describe('GitHub Actions export', () => {
  test('the workflow validates with GitHub’s own workflow parser', async () => {
    const text = githubActionsWorkflow(source);
    const result = parseWorkflow({ name: 'slipway.yml', content: text }, new NoOperationTraceWriter());
    assert.deepEqual(result.context.errors.getErrors().map((e) => e.message), []);
    const template = await convertWorkflowTemplate(result.context, result.value!);
    assert.deepEqual(template.errors ?? [], []);
    assert.deepEqual(template.jobs.map((j) => j.id.value), ['plan', 'build']);
    assert.match(text, /uses: docker\/metadata-action@v5/);
    assert.match(text, /uses: docker\/build-push-action@v6/);
    assert.match(text, /NPM_TOKEN=\$\{\{ secrets\.NPM_TOKEN \}\}/);
    assert.doesNotMatch(text, /nightly "x"[^\\]/, 'build-arg values are escaped inside the script');
  });

  test('its triggers: literal names where every rule is literal, ** where an expression decides; autobuild-off rules only by hand', () => {
    const literalOnly = githubActionsWorkflow({ ...source, rules: [rule({}), rule({ source: 'stable+1' }), rule({ type: 'tag', source: 'nightly', autobuild: false })] });
    assert.match(literalOnly, /branches:\n {6}- "main"\n {6}- "stable\\\\\+1"\n/);
    assert.doesNotMatch(literalOnly, /tags:\n/, 'no tag rule builds on push');
    const mixed = githubActionsWorkflow(source);
    assert.match(mixed, /branches:\n {6}- "\*\*"\n {4}tags:\n {6}- "\*\*"/);
  });

  test('the plan script gives the same builds and tags as Slipway for every ref', () => {
    const sha = 'd4ef3dc3b77a011a5779eec7efdd45c0ffee1234';
    const timestamp = '2020-10-15T08:25:30Z';
    const refs = [
      { type: 'branch' as const, name: 'main' },
      { type: 'branch' as const, name: 'release-web-42' },
      { type: 'branch' as const, name: 'my-feature-x' },
      { type: 'branch' as const, name: 'other' },
      { type: 'tag' as const, name: 'v1.2.3' },
      { type: 'tag' as const, name: 'x-v1.2.3' },
      { type: 'tag' as const, name: 'nightly' },
    ];
    const slipway = planPush(
      rules.map((spec, i) => ({ id: String(i), spec })),
      refs.map((r) => ({ ...r, commitId: sha })),
      new Date(timestamp),
    );
    for (const planned of slipway.refs) {
      const ref = `refs/${planned.ref.type === 'branch' ? 'heads' : 'tags'}/${planned.ref.name}`;
      const expected = planned.matches.filter((m) => rules[Number(m.ruleId)]?.autobuild !== false).map((m) => m.tags.map((t) => `type=raw,value=${t}`).join('\n'));
      assert.deepEqual(runPlan(ref, sha, timestamp).map((b) => b.tags), expected, ref);
    }
    assert.deepEqual(runPlan('refs/tags/nightly', sha, timestamp, 'workflow_dispatch').map((b) => b['no-cache']), [true], 'by hand, the autobuild-off rule builds, without cache');
    const [release] = runPlan('refs/heads/release-web-42', sha, timestamp);
    assert.deepEqual([release?.context, release?.file], ['./services/web', './services/web/build/Dockerfile']);
    assert.equal(runPlan('refs/heads/my-feature-x', sha, timestamp)[0]?.tags, 'type=raw,value=my-feature-x-202010151625', 'build time in the rule’s time zone');
  });
});

describe('docker-bake.hcl export', () => {
  test('parses as HCL, one target per rule, the tags computed from SOURCE_REF and COMMIT', () => {
    const text = bakeFile(source);
    const { value: parsed, error } = parseHcl(text);
    assert.ok(parsed, `HCL error: ${JSON.stringify(error)}`);
    assert.deepEqual(Object.keys(parsed.target ?? {}), ['rule-1', 'rule-2', 'rule-3', 'rule-4', 'rule-5']);
    assert.deepEqual(Object.keys(parsed.variable ?? {}).sort(), ['COMMIT', 'IMAGE', 'SOURCE_REF']);
    const target = (name: string) => parsed.target?.[name]?.[0] ?? {};
    assert.deepEqual(target('rule-1').tags, ['${IMAGE}:latest']);
    assert.deepEqual(target('rule-2').platforms, ['linux/amd64', 'linux/arm64']);
    assert.deepEqual(target('rule-2').tags, ['${IMAGE}:${regex("^(?:v(?P<version>[0-9.]+))$", SOURCE_REF)["version"]}', '${IMAGE}:stable']);
    assert.deepEqual(target('rule-3').tags, ['${IMAGE}:r${regex("^(?:release-(\\\\w+)-(\\\\d+))$", SOURCE_REF)[0]}.${regex("^(?:release-(\\\\w+)-(\\\\d+))$", SOURCE_REF)[1]}-${substr(COMMIT, 0, 7)}']);
    assert.equal(target('rule-3').context, './services/web');
    assert.deepEqual(target('rule-5').args, { CHANNEL: 'nightly "x"' });
    assert.deepEqual(target('rule-5').secret, ['id=NPM_TOKEN,env=NPM_TOKEN']);
    assert.equal(target('rule-5')['no-cache'], true);
    assert.match(text, /build time is written in UTC/);
  });

  test('text that looks like interpolation stays literal', () => {
    const text = bakeFile({ ...source, rules: [rule({ buildArgs: [{ key: 'A', value: '${HOME} %{if} \\n', secret: false }] })] });
    const { value: parsed } = parseHcl(text);
    assert.deepEqual(parsed?.target?.['rule-1']?.[0]?.args, { A: '${HOME} %{if} \\n' }, 'the parsed value is exactly what the user typed');
  });

  test('no rules, no export: said plainly', () => {
    assert.throws(() => bakeFile({ ...source, rules: [] }), /has no build rules/);
    assert.throws(() => githubActionsWorkflow({ ...source, rules: [] }), /has no build rules/);
  });
});

test('a rule’s test before push is not exported, and both exports say so at the top', () => {
  const tested = { ...source, rules: [rule({ test: { kind: 'command', command: './run-tests.sh' } })] };
  for (const text of [githubActionsWorkflow(tested), bakeFile(tested)]) assert.match(text, /^# Test before push is not exported/m);
  for (const text of [githubActionsWorkflow(source), bakeFile(source)]) assert.doesNotMatch(text, /Test before push/);
});
