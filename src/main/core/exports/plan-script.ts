import type { RuleSpec } from '../../../shared/models/rule';

/** What the exported workflow needs of a rule to decide, on GitHub's runner, what a push builds. */
export interface PortableRule {
  readonly label: string;
  readonly type: 'branch' | 'tag';
  readonly source: string;
  readonly isRegex: boolean;
  readonly anchored: boolean;
  readonly tags: RuleSpec['tags'];
  readonly context: string;
  readonly file: string;
  readonly platforms: string;
  readonly buildArgs: readonly string[];
  readonly autobuild: boolean;
  readonly noCache: boolean;
}

/**
 * The JavaScript the exported workflow runs in actions/github-script: Slipway's rule semantics
 * (anchored or searched expressions, named and numbered groups, ${sourceref}, build time in a time
 * zone from the pushed commit's time, the commit id prefix) written once more for a runner that
 * has no Slipway. A unit test runs this text against Slipway's own planPush for many refs so the
 * two cannot drift apart.
 *
 * It reads `context` and calls `core.setOutput`, the two things github-script provides.
 */
export function planScript(rules: readonly PortableRule[]): string {
  return `const rules = ${JSON.stringify(rules)};
const ref = context.ref;
const type = ref.startsWith('refs/tags/') ? 'tag' : 'branch';
const name = ref.replace(/^refs\\/(heads|tags)\\//, '');
const sha = context.sha;
const pushed = context.payload && context.payload.head_commit && context.payload.head_commit.timestamp;
const time = pushed ? new Date(pushed) : new Date();
const manual = context.eventName !== 'push';
function formatTime(format, timeZone) {
  const parts = {};
  const formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  for (const part of formatter.formatToParts(time)) parts[part.type] = part.value;
  const values = { yyyy: parts.year, yy: parts.year.slice(-2), MM: parts.month, dd: parts.day, HH: parts.hour === '24' ? '00' : parts.hour, mm: parts.minute, ss: parts.second };
  return format.replace(/yyyy|yy|MM|dd|HH|mm|ss/g, (token) => values[token]);
}
const builds = [];
for (const rule of rules) {
  if (rule.type !== type || (!manual && !rule.autobuild)) continue;
  let groups = {};
  let numbered = [];
  if (rule.isRegex) {
    const match = new RegExp(rule.anchored ? '^(?:' + rule.source + ')$' : rule.source, 'u').exec(name);
    if (!match) continue;
    for (const [key, value] of Object.entries(match.groups || {})) groups[key] = value === undefined ? '' : value;
    numbered = match.slice(1).map((v) => (v === undefined ? '' : v));
  } else if (rule.source !== name) continue;
  const fill = (template) => template.replace(/\\$\\{([^}]*)\\}/g, (whole, inner) => {
    const key = inner.trim();
    if (/^\\d+$/.test(key)) return numbered[Number(key) - 1] === undefined ? '' : numbered[Number(key) - 1];
    if (Object.prototype.hasOwnProperty.call(groups, key)) return groups[key];
    return key === 'sourceref' ? name : '';
  });
  const tags = rule.tags.map((t) => {
    const parts = [fill(t.template)];
    if (t.buildTime) parts.push(formatTime(t.buildTime.format, t.buildTime.timeZone));
    if (t.commitIdLength !== undefined) parts.push(sha.slice(0, t.commitIdLength));
    return parts.filter((p) => p !== '').join('-');
  });
  builds.push({
    rule: rule.label,
    context: rule.context,
    file: rule.file,
    platforms: rule.platforms,
    tags: tags.map((t) => 'type=raw,value=' + t).join('\\n'),
    'build-args': rule.buildArgs.join('\\n'),
    'no-cache': rule.noCache,
  });
}
core.setOutput('builds', JSON.stringify(builds));
`;
}
