import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { RuleSpec, TagTemplate } from '../../../shared/models/rule';
import { compilePattern } from '../../../shared/rules';
import { contextPath, unexported, type ExportSource } from './portable';

/** An HCL template string holding exactly `text`: `${` and `%{` would start interpolation. */
function literal(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\$\{/g, '$${')
    .replace(/%\{/g, '%%{');
}

const str = (text: string) => `"${literal(text)}"`;

/** Slipway's build-time tokens in Go's formatdate notation (bake's stdlib). */
function goDateFormat(format: string): string {
  const tokens: Record<string, string> = { yyyy: 'YYYY', yy: 'YY', MM: 'MM', dd: 'DD', HH: 'hh', mm: 'mm', ss: 'ss' };
  return format.replace(/yyyy|yy|MM|dd|HH|mm|ss/g, (t) => tokens[t] ?? t);
}

/** JavaScript's named groups in RE2's spelling, which bake's regex() takes. */
function re2(pattern: string): string {
  return pattern.replace(/\(\?<([A-Za-z_]\w*)>/g, '(?P<$1>');
}

interface TagExpression {
  readonly hcl: string;
  readonly notes: readonly string[];
}

function tagExpression(spec: RuleSpec, tag: TagTemplate): TagExpression {
  const notes: string[] = [];
  const anchored = spec.isRegex && spec.anchored !== false ? `^(?:${spec.source})$` : spec.source;
  const compiled = spec.isRegex ? compilePattern(spec) : undefined;
  const named = compiled?.ok ? compiled.groupNames.length : 0;
  const total = compiled?.ok ? compiled.groupCount : 0;
  const match = `regex(${str(re2(anchored))}, SOURCE_REF)`;
  let body = '';
  let last = 0;
  for (const m of tag.template.matchAll(/\$\{([^}]*)\}/g)) {
    body += literal(tag.template.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    const key = (m[1] ?? '').trim();
    if (/^\d+$/.test(key)) {
      if (named > 0) notes.push(`\${${key}} mixes numbered and named groups, which bake's regex() cannot return together.`);
      body += `\${${match}[${Number(key) - 1}]}`;
    } else if (compiled?.ok && compiled.groupNames.includes(key)) {
      if (named < total) notes.push(`\${${key}} is a named group in an expression that also has numbered ones, which bake's regex() cannot return together.`);
      body += `\${${match}["${key}"]}`;
    } else if (key === 'sourceref') body += '${SOURCE_REF}';
  }
  body += literal(tag.template.slice(last));
  const parts = [body];
  if (tag.buildTime) {
    if (tag.buildTime.timeZone !== 'UTC') notes.push(`The build time is written in UTC: bake has no time zones (the rule says ${tag.buildTime.timeZone}).`);
    parts.push(`\${formatdate(${str(goDateFormat(tag.buildTime.format))}, timestamp())}`);
  }
  if (tag.commitIdLength !== undefined) parts.push(`\${substr(COMMIT, 0, ${tag.commitIdLength})}`);
  return { hcl: `"\${IMAGE}:${parts.join('-')}"`, notes };
}

/**
 * The repository's rules as a docker-bake.hcl: one target per rule (rule-1, rule-2, …), built with
 * `SOURCE_REF=<branch or tag> COMMIT=<commit> docker buildx bake rule-N --push`. Bake has no notion
 * of "which rule matches", so the user names the target; the tags are computed from SOURCE_REF the
 * way Slipway computes them (expressions in RE2, which Go's regex() speaks).
 */
export function bakeFile(source: ExportSource): string {
  if (source.rules.length === 0) throw new AppError('conflict', phrase('repositories.errors.nothingToExport', { name: source.repositoryName }), phrase('repositories.errors.nothingToExportHint'));
  const notes = new Set(unexported(source.rules));
  const targets: string[] = [];
  source.rules.forEach((spec, i) => {
    const name = `rule-${i + 1}`;
    const tags = spec.tags.map((t) => tagExpression(spec, t));
    for (const t of tags) for (const n of t.notes) notes.add(`${name}: ${n}`);
    const args = spec.buildArgs.filter((a) => !a.secret);
    const secrets = spec.buildArgs.filter((a) => a.secret);
    const lines = [
      `# ${spec.type === 'branch' ? 'Branch' : 'Tag'} ${spec.isRegex ? `matching /${spec.source}/` : `“${spec.source}”`}`,
      `target ${str(name)} {`,
      `  context = ${str(contextPath(spec.contextDir))}`,
      `  dockerfile = ${str(spec.dockerfile.replace(/^\/+/, ''))}`,
      `  platforms = [${spec.architectures.map(str).join(', ')}]`,
      `  tags = [${tags.map((t) => t.hcl).join(', ')}]`,
    ];
    if (args.length > 0) lines.push('  args = {', ...args.map((a) => `    ${a.key} = ${str(a.value)}`), '  }');
    if (secrets.length > 0) lines.push(`  secret = [${secrets.map((a) => str(`id=${a.key},env=${a.key}`)).join(', ')}]`);
    if (source.noCache || spec.buildCache === false) lines.push('  no-cache = true');
    lines.push('}');
    targets.push(lines.join('\n'));
  });
  const header = [
    `# Exported from Slipway: the build rules of ${source.repositoryName}.`,
    '# Build the rule that matches a push: SOURCE_REF=<branch or tag> COMMIT=$(git rev-parse HEAD) docker buildx bake rule-N --push',
    ...[...notes].map((n) => `# ${n}`),
    '',
    'variable "IMAGE" {',
    `  default = ${str(source.image)}`,
    '}',
    'variable "SOURCE_REF" {',
    '  default = ""',
    '}',
    'variable "COMMIT" {',
    '  default = ""',
    '}',
    '',
  ];
  return `${header.join('\n')}\n${targets.join('\n\n')}\n`;
}
