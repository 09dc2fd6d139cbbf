import { phrase, type Phrase, type PhraseValue } from '../i18n/phrase';
import type { RuleSpecInput } from '../models/rule';
import { compilePattern } from './pattern';
import { maxTags } from './validate';

/**
 * Docker Hub's automated-build rules, read as Docker Hub means them, and written back the same way.
 *
 * Docker Hub's language: a source type (Branch or Tag); a source that is a name, or a regular
 * expression written between slashes and searched for anywhere in the name (its own examples
 * anchor with ^…$ when they mean the whole name); a Docker tag where `{sourceref}` is the matched
 * branch or tag name and `{\1}`…`{\9}` are the expression's groups; a build context relative to the
 * repository root (blank means the Dockerfile's folder) and a Dockerfile location relative to the
 * context; autobuild and build caching toggles.
 */
export interface DockerHubRule {
  readonly sourceType: 'Branch' | 'Tag';
  readonly source: string;
  readonly dockerTag: string;
  readonly dockerfileLocation: string;
  readonly buildContext: string;
  readonly autobuild: boolean;
  readonly buildCaching: boolean;
}

export interface ImportedRule {
  /** 1-based line (table) or entry (JSON) the rule came from. */
  readonly line: number;
  readonly from: DockerHubRule;
  readonly spec: RuleSpecInput;
  /** What the user should know about the translation (dropped tags, a toggle Slipway reads differently). */
  readonly notes: readonly Phrase[];
}

export interface ImportProblem {
  readonly line: number;
  readonly message: Phrase;
}

export interface ImportResult {
  readonly format: 'table' | 'json';
  readonly rules: readonly ImportedRule[];
  readonly problems: readonly ImportProblem[];
}

/** Reads what a user pasted: Docker Hub's build settings table (copied from the page or a README) or its API JSON. */
export function importDockerHubRules(text: string): ImportResult {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return fromJson(trimmed);
  return fromTable(text);
}

// ---- table ---------------------------------------------------------------------------------

type Column = keyof DockerHubRule;

const headerNames: ReadonlyArray<readonly [RegExp, Column]> = [
  [/^(source )?type$/, 'sourceType'],
  [/^source( name)?$|^name$/, 'source'],
  [/^docker tag( name)?$|^tag$/, 'dockerTag'],
  [/^dockerfile( location)?$/, 'dockerfileLocation'],
  [/^build context$|^context$/, 'buildContext'],
  [/^autobuild$/, 'autobuild'],
  [/^build caching$|^caching$/, 'buildCaching'],
];

/** The columns in the order Docker Hub's build rules table shows them, for rows pasted without a header. */
const pageOrder: readonly Column[] = ['sourceType', 'source', 'dockerTag', 'dockerfileLocation', 'buildContext', 'autobuild', 'buildCaching'];

function splitRow(line: string): string[] {
  if (line.includes('\t')) return line.split('\t').map((c) => c.trim());
  if (/^\s*\|/.test(line) || line.includes(' | ')) {
    // A Markdown table: cells between pipes; `\|` and backquotes are how READMEs protect a regex.
    const cells = line
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    return cells.map((c) => c.replace(/^`(.*)`$/, '$1'));
  }
  return line.trim().split(/\s{2,}/);
}

function headerOf(cells: readonly string[]): Column[] | null {
  const columns = cells.map((c) => headerNames.find(([pattern]) => pattern.test(c.toLowerCase()))?.[1]);
  if (!columns.includes('sourceType') || !columns.includes('source')) return null;
  return columns.map((c) => c ?? ('' as Column));
}

function fromTable(text: string): ImportResult {
  const rules: ImportedRule[] = [];
  const problems: ImportProblem[] = [];
  let columns: readonly Column[] = pageOrder;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || /^\s*\|?\s*:?-{3,}/.test(raw)) return;
    const cells = splitRow(raw);
    const header = headerOf(cells);
    if (header) {
      columns = header;
      return;
    }
    const cell = (name: Column): string | undefined => {
      const at = columns.indexOf(name);
      return at >= 0 ? cells[at] : undefined;
    };
    const sourceType = parseSourceType(cell('sourceType') ?? '');
    if (!sourceType) {
      problems.push({ line, message: phrase('rules.hub.badSourceType', { line, value: quoteCell(cell('sourceType')) }) });
      return;
    }
    const hub: DockerHubRule = {
      sourceType,
      source: cell('source') ?? '',
      dockerTag: cell('dockerTag') ?? '',
      dockerfileLocation: cell('dockerfileLocation') ?? 'Dockerfile',
      buildContext: cell('buildContext') ?? '/',
      autobuild: parseToggle(cell('autobuild'), true),
      buildCaching: parseToggle(cell('buildCaching'), true),
    };
    pushTranslation(hub, line, rules, problems);
  });
  if (rules.length === 0 && problems.length === 0) problems.push({ line: 0, message: phrase('rules.hub.noRules') });
  return { format: 'table', rules, problems };
}

function parseSourceType(value: string): DockerHubRule['sourceType'] | null {
  const v = value.trim().toLowerCase();
  return v === 'branch' ? 'Branch' : v === 'tag' ? 'Tag' : null;
}

function parseToggle(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  return /^(on|yes|true|enabled|✓|✔|x)$/i.test(value.trim());
}

function quoteCell(value: string | undefined): PhraseValue {
  return value === undefined || value === '' ? phrase('rules.hub.missing') : JSON.stringify(value);
}

// ---- JSON ----------------------------------------------------------------------------------

/** One entry of Docker Hub's `build_settings` as its API returns them. */
interface ApiBuildSetting {
  readonly source_type?: unknown;
  readonly source_name?: unknown;
  readonly tag?: unknown;
  readonly dockerfile?: unknown;
  readonly build_context?: unknown;
  readonly autobuild?: unknown;
  readonly nocache?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The build settings wherever the API put them: a bare list, `build_settings`, or a list of sources (`objects`). */
function settingsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => (isRecord(v) && Object.hasOwn(v, 'build_settings') ? settingsIn(v) : [v]));
  if (!isRecord(value)) return [];
  if (Object.hasOwn(value, 'build_settings')) return settingsIn(value.build_settings);
  if (Object.hasOwn(value, 'objects')) return settingsIn(value.objects);
  if (Object.hasOwn(value, 'source_type')) return [value];
  return [];
}

function fromJson(text: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { format: 'json', rules: [], problems: [{ line: 0, message: phrase('rules.hub.badJson', { detail: (error as Error).message }) }] };
  }
  const rules: ImportedRule[] = [];
  const problems: ImportProblem[] = [];
  const settings = settingsIn(parsed);
  if (settings.length === 0) problems.push({ line: 0, message: phrase('rules.hub.noSettings') });
  settings.forEach((entry, index) => {
    const line = index + 1;
    const s: ApiBuildSetting = isRecord(entry) ? entry : {};
    const sourceType = parseSourceType(typeof s.source_type === 'string' ? s.source_type : '');
    if (!sourceType) {
      problems.push({ line, message: phrase('rules.hub.badEntryType', { line, value: JSON.stringify(s.source_type ?? null) }) });
      return;
    }
    const text = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
    pushTranslation(
      {
        sourceType,
        source: text(s.source_name, ''),
        dockerTag: text(s.tag, ''),
        dockerfileLocation: text(s.dockerfile, 'Dockerfile'),
        buildContext: text(s.build_context, '/'),
        autobuild: s.autobuild !== false,
        buildCaching: s.nocache === false,
      },
      line,
      rules,
      problems,
    );
  });
  return { format: 'json', rules, problems };
}

// ---- translation ---------------------------------------------------------------------------

function pushTranslation(hub: DockerHubRule, line: number, rules: ImportedRule[], problems: ImportProblem[]): void {
  const result = translate(hub);
  if ('problem' in result) problems.push({ line, message: phrase('rules.hub.lineProblem', { line, problem: result.problem }) });
  else rules.push({ line, from: hub, spec: result.spec, notes: result.notes });
}

/** `/re/` as Docker Hub writes a regular expression, with Python's group syntax made JavaScript's. */
function regexOf(source: string): string | null {
  const m = /^\/(.*)\/$/s.exec(source.trim());
  if (!m) return null;
  return (m[1] ?? '').replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>').replace(/\\Z/g, '$');
}

/** Docker Hub's tag placeholders in Slipway's notation; null and the offending text when one is unknown. */
function templateOf(dockerTag: string): { template: string } | { unknown: string } {
  let unknown: string | undefined;
  const template = dockerTag.trim().replace(/\{([^}]*)\}/g, (whole, inner: string) => {
    const key = inner.trim();
    if (key === 'sourceref') return '${sourceref}';
    const group = /^\\([1-9])$/.exec(key);
    if (group) return `\${${group[1]}}`;
    unknown ??= whole;
    return whole;
  });
  return unknown === undefined ? { template } : { unknown };
}

function contextAndDockerfile(hub: DockerHubRule): { contextDir: string; dockerfile: string } {
  const location = hub.dockerfileLocation.trim().replace(/\\/g, '/');
  const context = hub.buildContext.trim().replace(/\\/g, '/');
  if (context === '') {
    // Blank context: Docker Hub builds in the Dockerfile's folder, the location read from the root.
    const path = location.replace(/^\/+/, '') || 'Dockerfile';
    const file = path.endsWith('/') ? `${path}Dockerfile` : path;
    const slash = file.lastIndexOf('/');
    return slash < 0 ? { contextDir: '/', dockerfile: file } : { contextDir: `/${file.slice(0, slash)}`, dockerfile: file.slice(slash + 1) };
  }
  const inContext = location.replace(/^\/+/, '');
  const dockerfile = inContext === '' ? 'Dockerfile' : inContext.endsWith('/') ? `${inContext}Dockerfile` : inContext;
  const dir = context.replace(/^\/+|\/+$/g, '');
  return { contextDir: dir === '' ? '/' : `/${dir}`, dockerfile };
}

export function translate(hub: DockerHubRule): { spec: RuleSpecInput; notes: Phrase[] } | { problem: Phrase } {
  const notes: Phrase[] = [];
  const what = hub.sourceType === 'Branch' ? 'branch' : 'tag';
  if (hub.source.trim() === '') return { problem: phrase('rules.hub.sourceEmpty', { what }) };
  const regex = regexOf(hub.source);
  const type = hub.sourceType === 'Branch' ? 'branch' : 'tag';
  if (regex !== null) {
    const compiled = compilePattern({ type, source: regex, isRegex: true, anchored: false });
    if (!compiled.ok) return { problem: phrase('rules.hub.badRegex', { source: hub.source, problem: compiled.phrase }) };
  }
  const templates = hub.dockerTag
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (templates.length === 0) return { problem: phrase('rules.hub.tagEmpty') };
  const tags: { template: string }[] = [];
  for (const t of templates) {
    const translated = templateOf(t);
    if ('unknown' in translated) return { problem: phrase('rules.hub.unknownPlaceholder', { text: JSON.stringify(translated.unknown), sourceref: '{sourceref}', first: '{\\1}', last: '{\\9}' }) };
    tags.push(translated);
  }
  if (tags.length > maxTags) notes.push(phrase('rules.hub.tooManyTags', { max: maxTags, left: templates.slice(maxTags).join(', ') }));
  if (!hub.autobuild) {
    notes.push(
      phrase(regex === null ? 'rules.hub.autobuildOff' : 'rules.hub.autobuildOffRegex'),
    );
  }
  if (!hub.buildCaching) notes.push(phrase('rules.hub.cacheOff'));
  return {
    spec: {
      type,
      source: regex ?? hub.source.trim(),
      isRegex: regex !== null,
      // Docker Hub searches the name; its examples anchor with ^…$ themselves.
      anchored: false,
      ...contextAndDockerfile(hub),
      tags: tags.slice(0, maxTags),
      architectures: ['linux/amd64'],
      buildArgs: [],
      autobuild: hub.autobuild,
      buildCache: hub.buildCaching,
    },
    notes,
  };
}

/**
 * A Slipway rule in Docker Hub's notation, for the rule editor's "Docker Hub style" and for export;
 * null where the rule uses what Docker Hub cannot say (named groups, build time, commit id, an
 * anchored expression written without ^…$).
 */
export function toDockerHub(spec: RuleSpecInput): DockerHubRule | null {
  let source = spec.source;
  if (spec.isRegex) {
    if (/\(\?<[A-Za-z_$]/.test(spec.source)) return null;
    source = spec.anchored === false ? `/${spec.source}/` : `/^(?:${spec.source})$/`;
  }
  const tags: string[] = [];
  for (const tag of spec.tags) {
    if (tag.buildTime || tag.commitIdLength !== undefined) return null;
    if (/\$\{(?!sourceref\}|[1-9]\})[^}]*\}/.test(tag.template)) return null;
    tags.push(tag.template.replace(/\$\{sourceref\}/g, '{sourceref}').replace(/\$\{([1-9])\}/g, '{\\$1}'));
  }
  const contextDir = (spec.contextDir ?? '/').replace(/^\/+|\/+$/g, '');
  return {
    sourceType: spec.type === 'branch' ? 'Branch' : 'Tag',
    source,
    dockerTag: tags.join(','),
    dockerfileLocation: spec.dockerfile ?? 'Dockerfile',
    buildContext: `/${contextDir}`,
    autobuild: spec.autobuild !== false,
    buildCaching: spec.buildCache !== false,
  };
}
