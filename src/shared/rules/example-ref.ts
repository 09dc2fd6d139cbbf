import type { RuleSpec } from '../models/rule';
import { compilePattern } from './pattern';

type PatternSpec = Pick<RuleSpec, 'type' | 'source' | 'isRegex' | 'anchored'>;

/** Characters a class or shorthand stands for in an example; a repeat walks along the string. */
const shorthands: Readonly<Record<string, string>> = { w: 'v1', d: '12', s: '-', W: '-', D: 'x', S: 'x' };
/** Upper bound on the characters one example may grow to, whatever the pattern repeats. */
const maxLength = 120;

/**
 * A branch or tag name the rule's pattern accepts, so a preview can show real output without the
 * user inventing one first: `release-(?<imageTag>\w*)` gives `release-v1`. Returns null when the
 * pattern is beyond this small sampler (lookbehinds, backreferences…) or the guess does not match:
 * the result is always checked against the compiled pattern itself.
 */
export function exampleRefName(spec: PatternSpec): string | null {
  if (spec.source.trim() === '') return null;
  if (!spec.isRegex) return spec.source;
  const compiled = compilePattern(spec);
  if (!compiled.ok) return null;
  let name: string;
  try {
    name = new Sampler(spec.source).alternation();
  } catch {
    return null;
  }
  if (name === '' || name.length > maxLength) return null;
  return compiled.test({ type: spec.type, name }) ? name : null;
}

class Unsupported extends Error {}

/**
 * What one atom stands for: literal text (a character, a group's example) repeats whole; a set (a
 * class, `\\w`, `.`) lists characters it may be, and a repeat takes them in turn (`\\w*` → `v1`).
 */
interface Atom {
  readonly kind: 'text' | 'set';
  readonly text: string;
}

/** A recursive-descent walk over the regex that emits one matching string instead of a tree. */
class Sampler {
  private at = 0;
  constructor(private readonly source: string) {}

  alternation(): string {
    // The first alternative is enough for an example; the others are skipped over.
    const first = this.sequence();
    while (this.peek() === '|') {
      this.at++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = '';
    while (this.at < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      out += this.repeat(this.atom());
      if (out.length > maxLength) throw new Unsupported('too long');
    }
    return out;
  }

  private atom(): Atom {
    const c = this.source[this.at++] ?? '';
    switch (c) {
      case '^':
      case '$':
        return { kind: 'text', text: '' };
      case '.':
        return { kind: 'set', text: 'x1' };
      case '\\':
        return { kind: 'set', text: this.escape() };
      case '[':
        return { kind: 'set', text: this.charClass() };
      case '(':
        return { kind: 'text', text: this.group() };
      case '*':
      case '+':
      case '?':
      case '{':
        throw new Unsupported('quantifier without an atom');
      default:
        return { kind: 'text', text: c };
    }
  }

  private escape(): string {
    const c = this.source[this.at++] ?? '';
    if (c in shorthands) return shorthands[c] ?? '';
    if (/[1-9k]/.test(c)) throw new Unsupported('backreference');
    if (c === 'b' || c === 'B') return '';
    if (c === 'u' || c === 'x' || c === 'p' || c === 'P' || c === 'c') throw new Unsupported('escape');
    return c;
  }

  private charClass(): string {
    const negated = this.peek() === '^';
    if (negated) this.at++;
    let first: string | null = null;
    while (this.at < this.source.length && this.peek() !== ']') {
      const c = this.source[this.at++] ?? '';
      const char = c === '\\' ? this.escape() : c;
      first ??= char;
    }
    if (this.source[this.at++] !== ']') throw new Unsupported('unclosed class');
    if (negated) return 'x';
    if (first === null || first === '') throw new Unsupported('empty class');
    return first.slice(0, 1);
  }

  private group(): string {
    let capture = true;
    if (this.peek() === '?') {
      const rest = this.source.slice(this.at + 1);
      const named = /^<([A-Za-z_$][\w$]*)>/.exec(rest);
      if (named) this.at += 1 + named[0].length;
      else if (rest.startsWith(':')) this.at += 2;
      else if (rest.startsWith('=') || rest.startsWith('!')) {
        this.at += 2;
        capture = false;
      } else throw new Unsupported('lookbehind or modifier');
    }
    const inner = this.alternation();
    if (this.source[this.at++] !== ')') throw new Unsupported('unclosed group');
    return capture ? inner : '';
  }

  /** Applies a quantifier after an atom: optional parts are kept once, open repeats of a class take two. */
  private repeat(atom: Atom): string {
    const c = this.peek();
    let min = 1;
    let max = 1;
    if (c === '*' || c === '+' || c === '?') {
      this.at++;
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Infinity;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (m) {
        this.at += m[0].length;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      }
    }
    if (min !== max || max !== 1) {
      if (this.peek() === '?') this.at++;
    }
    if (atom.kind === 'text') return atom.text.repeat(Math.min(Math.max(min, Math.min(max, 1)), maxLength));
    const count = Math.min(Math.max(min, Math.min(max, atom.text.length > 1 ? 2 : 1)), maxLength);
    let out = '';
    for (let i = 0; i < count; i++) out += atom.text[i % atom.text.length] ?? '';
    return out;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }
}
