import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import { planScript } from './plan-script';
import { portableRule, unexported, type ExportSource } from './portable';

/** A YAML scalar that means exactly this string: JSON's double-quoted form is valid YAML. */
const q = (value: string) => JSON.stringify(value);

/** GitHub's filter patterns treat these as wildcards; a literal branch or tag name escapes them. */
function literalFilter(name: string): string {
  return name.replace(/[*?+[\]!\\]/g, (c) => `\\${c}`);
}

function filters(source: ExportSource, type: 'branch' | 'tag'): string[] | null {
  const rules = source.rules.filter((r) => r.type === type && r.autobuild !== false);
  if (rules.length === 0) return null;
  // GitHub's filters are globs, not expressions: an expression rule listens to every name of its
  // kind and the plan job decides, exactly as Slipway does.
  if (rules.some((r) => r.isRegex)) return ['**'];
  return [...new Set(rules.map((r) => literalFilter(r.source)))];
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : pad + line))
    .join('\n');
}

/**
 * The repository's rules as a GitHub Actions workflow: a plan job applies the rules to the pushed
 * ref (Slipway's semantics, in actions/github-script) and a build job per matching rule tags with
 * docker/metadata-action and builds and pushes with docker/build-push-action. Registry logins come
 * from the repository's secrets REGISTRY_USERNAME and REGISTRY_PASSWORD; secret build parameters
 * from secrets of the same name.
 */
export function githubActionsWorkflow(source: ExportSource): string {
  if (source.rules.length === 0) throw new AppError('conflict', phrase('repositories.errors.nothingToExport', { name: source.repositoryName }), phrase('repositories.errors.nothingToExportHint'));
  const rules = source.rules.map((r, i) => portableRule(r, i, source.noCache));
  const branches = filters(source, 'branch');
  const tags = filters(source, 'tag');
  const secretKeys = [...new Set(source.rules.flatMap((r) => r.buildArgs.filter((a) => a.secret).map((a) => a.key)))];
  const notes = unexported(source.rules);

  const on = ['on:', '  push:'];
  if (branches) on.push('    branches:', ...branches.map((b) => `      - ${q(b)}`));
  if (tags) on.push('    tags:', ...tags.map((t) => `      - ${q(t)}`));
  if (!branches && !tags) on.splice(1, 1);
  on.push('  workflow_dispatch: {}');

  const lines = [
    `# Exported from Slipway: the build rules of ${source.repositoryName}, as a GitHub Actions workflow.`,
    '# Repository secrets it reads: REGISTRY_USERNAME, REGISTRY_PASSWORD' + (secretKeys.length > 0 ? `, ${secretKeys.join(', ')}` : '') + '.',
    ...notes.map((n) => `# ${n}`),
    `name: ${q(`Build ${source.repositoryName}`)}`,
    ...on,
    'permissions:',
    '  contents: read',
    'jobs:',
    '  plan:',
    '    runs-on: ubuntu-latest',
    '    outputs:',
    '      builds: ${{ steps.rules.outputs.builds }}',
    '    steps:',
    '      - id: rules',
    '        uses: actions/github-script@v7',
    '        with:',
    '          script: |',
    indent(planScript(rules).trimEnd(), 12),
    '  build:',
    '    needs: plan',
    "    if: needs.plan.outputs.builds != '[]'",
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      fail-fast: false',
    '      matrix:',
    '        include: ${{ fromJSON(needs.plan.outputs.builds) }}',
    '    name: ${{ matrix.rule }}',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          submodules: recursive',
    '          lfs: true',
    '      - uses: docker/setup-qemu-action@v3',
    '      - uses: docker/setup-buildx-action@v3',
    '      - uses: docker/login-action@v3',
    '        with:',
    `          registry: ${q(source.registryHost)}`,
    '          username: ${{ secrets.REGISTRY_USERNAME }}',
    '          password: ${{ secrets.REGISTRY_PASSWORD }}',
    '      - id: meta',
    '        uses: docker/metadata-action@v5',
    '        with:',
    `          images: ${q(source.image)}`,
    '          tags: ${{ matrix.tags }}',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          context: ${{ matrix.context }}',
    '          file: ${{ matrix.file }}',
    '          platforms: ${{ matrix.platforms }}',
    '          build-args: ${{ matrix.build-args }}',
    '          no-cache: ${{ matrix.no-cache }}',
    '          push: true',
    '          tags: ${{ steps.meta.outputs.tags }}',
    '          labels: ${{ steps.meta.outputs.labels }}',
  ];
  if (secretKeys.length > 0) {
    lines.push('          secrets: |', ...secretKeys.map((k) => `            ${k}=\${{ secrets.${k} }}`));
  }
  return `${lines.join('\n')}\n`;
}
