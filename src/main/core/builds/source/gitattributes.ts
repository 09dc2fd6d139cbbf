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

/** An attribute's state on one line: set, unset (`-attr`), a value (`attr=v`), or back to unspecified (`!attr`). */
export type AttributeState = true | false | string | null;

export interface AttributeLine {
  readonly base: string;
  readonly pattern: RegExp;
  readonly basenameOnly: boolean;
  readonly attrs: ReadonlyMap<string, AttributeState>;
}

/** Every line with its attributes; the built-in `binary` macro expands to `-diff -merge -text`. */
export function parseAttributeLines(base: string, text: string): AttributeLine[] {
  const lines: AttributeLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('[attr]')) continue;
    const [pattern = '', ...tokens] = line.split(/\s+/);
    if (pattern === '' || pattern.startsWith('!')) continue;
    const attrs = new Map<string, AttributeState>();
    for (const token of tokens) {
      if (token === 'binary') for (const name of ['diff', 'merge', 'text']) attrs.set(name, false);
      else if (token.startsWith('-')) attrs.set(token.slice(1), false);
      else if (token.startsWith('!')) attrs.set(token.slice(1), null);
      else if (token.includes('=')) attrs.set(token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1));
      else attrs.set(token, true);
    }
    const anchored = pattern.replace(/^\//, '');
    lines.push({ base, pattern: globToRegExp(anchored.replace(/\/$/, '')), basenameOnly: !anchored.includes('/'), attrs });
  }
  return lines;
}

/** The attributes of `path` (relative to the repository root): per attribute, the last matching line wins. */
export function attributesAt(lines: readonly AttributeLine[], path: string): Map<string, true | false | string> {
  const out = new Map<string, true | false | string>();
  for (const line of lines) {
    if (line.base !== '' && !path.startsWith(`${line.base}/`)) continue;
    const rel = line.base === '' ? path : path.slice(line.base.length + 1);
    if (!line.pattern.test(line.basenameOnly ? rel.slice(rel.lastIndexOf('/') + 1) : rel)) continue;
    for (const [name, state] of line.attrs) {
      if (state === null) out.delete(name);
      else out.set(name, state);
    }
  }
  return out;
}

/**
 * What a checkout does to a blob's bytes, with git's defaults (core.autocrlf false, core.eol
 * native, which is LF here): CRLF line ends only where `eol=crlf` asks (`text` or unspecified:
 * always; `text=auto`: when the file looks like text and has no CR yet), and `$Id$` expanded
 * where `ident` is set.
 */
export interface WorktreeConversion {
  readonly crlf: 'always' | 'auto' | null;
  readonly ident: boolean;
}

export function worktreeConversion(attrs: ReadonlyMap<string, true | false | string>): WorktreeConversion {
  const ident = attrs.get('ident') === true;
  const crlfState = (state: true | false | string | undefined) => (state === true ? 'text' : state === false ? 'binary' : state === 'auto' ? 'auto' : state === 'input' ? 'input' : undefined);
  const action = crlfState(attrs.get('text')) ?? crlfState(attrs.get('crlf'));
  if (action === 'binary' || action === 'input' || attrs.get('eol') !== 'crlf') return { crlf: null, ident };
  return { crlf: action === 'auto' ? 'auto' : 'always', ident };
}

/** `$Id$` (or an old `$Id: … $` without inner spaces) becomes `$Id: <blob id> $`, as git's ident filter writes it. */
function expandIdent(text: Buffer, blobId: string): Buffer {
  const source = text.toString('latin1');
  if (!source.includes('$Id')) return text;
  const out = source.replace(/\$Id(:[^$\n]*)?\$/g, (whole, body: string | undefined) => {
    // git leaves an id with a space inside (not just around it) alone: another tool's keyword.
    if (body !== undefined && body.slice(2, -1).includes(' ')) return whole;
    return `$Id: ${blobId} $`;
  });
  return Buffer.from(out, 'latin1');
}

/** git's text statistics, for `text=auto`: a CR, a NUL or too many control bytes mean "not text". */
function looksLikeCrlfCandidate(bytes: Buffer): boolean {
  let printable = 0;
  let nonPrintable = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x0d || c === 0) return false;
    if (c === 0x0a) continue;
    if (c === 0x7f) nonPrintable++;
    else if (c < 0x20) {
      if (c === 0x08 || c === 0x09 || c === 0x1b || c === 0x0c) printable++;
      else nonPrintable++;
    } else printable++;
  }
  if (bytes.length > 0 && bytes[bytes.length - 1] === 0x1a) nonPrintable--;
  return printable >> 7 >= nonPrintable;
}

/** Each LF not already preceded by CR becomes CRLF. */
function lfToCrlf(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, nl + 1)) {
    if (nl > 0 && bytes[nl - 1] === 0x0d) continue;
    parts.push(bytes.subarray(from, nl), Buffer.from('\r\n'));
    from = nl + 1;
  }
  if (parts.length === 0) return bytes;
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

/** The bytes a checkout writes for this blob (the same Buffer when nothing changes). */
export function toWorktree(blob: Buffer, conversion: WorktreeConversion, blobId: string): Buffer {
  let out = conversion.ident ? expandIdent(blob, blobId) : blob;
  if (conversion.crlf === 'always' || (conversion.crlf === 'auto' && looksLikeCrlfCandidate(out))) out = lfToCrlf(out);
  return out;
}
