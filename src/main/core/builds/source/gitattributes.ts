/**
 * Just enough of .gitattributes to know which files git would hand to the LFS filter: each file's
 * lines in order, deeper files after shallower ones, the last matching line wins. Patterns follow
 * gitignore rules: without a `/` a pattern matches a name at any depth below the attributes file;
 * with one it matches the path relative to it; `*` stays within a folder and `**` crosses folders.
 */
export interface AttributeRule {
  /** The folder holding the .gitattributes file, relative to the repository root ('' for the root). */
  readonly base: string;
  readonly pattern: RegExp;
  readonly basenameOnly: boolean;
  /** true: filter=lfs; false: the filter is unset or another one. */
  readonly lfs: boolean;
}

export function parseGitattributes(base: string, text: string): AttributeRule[] {
  const rules: AttributeRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('[attr]')) continue;
    const [pattern = '', ...attrs] = line.split(/\s+/);
    let lfs: boolean | null = null;
    for (const attr of attrs) {
      if (attr === 'filter=lfs') lfs = true;
      else if (attr.startsWith('filter=') || attr === '-filter' || attr === '!filter') lfs = false;
    }
    if (lfs === null || pattern === '' || pattern.startsWith('!')) continue;
    const anchored = pattern.replace(/^\//, '');
    const basenameOnly = !anchored.includes('/');
    rules.push({ base, pattern: globToRegExp(anchored.replace(/\/$/, '')), basenameOnly, lfs });
  }
  return rules;
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Whether `path` (relative to the repository root) goes through the LFS filter. */
export function isLfsPath(rules: readonly AttributeRule[], path: string): boolean {
  let lfs = false;
  for (const rule of rules) {
    if (rule.base !== '' && !path.startsWith(`${rule.base}/`)) continue;
    const rel = rule.base === '' ? path : path.slice(rule.base.length + 1);
    const subject = rule.basenameOnly ? rel.slice(rel.lastIndexOf('/') + 1) : rel;
    if (rule.pattern.test(subject)) lfs = rule.lfs;
  }
  return lfs;
}
