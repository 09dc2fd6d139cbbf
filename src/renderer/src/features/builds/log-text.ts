import Anser from 'anser';

/**
 * Pure text logic behind the log viewer: ANSI colours to styled segments, search, and the text that
 * copy and download produce. Kept free of React and the DOM so it is unit-tested in Node.
 */

export interface AnsiStyle {
  /** A CSS colour: `var(--ansi-red)` for the 16 themed colours, `rgb(…)` for 256-colour and true colour. */
  readonly fg: string | null;
  readonly bg: string | null;
  readonly bold: boolean;
  readonly dim: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
  readonly strike: boolean;
}

export interface LogSegment extends AnsiStyle {
  readonly text: string;
  /** Part of a search match; `current` when it is the selected match. */
  readonly match: 'none' | 'match' | 'current';
}

const plainStyle: AnsiStyle = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, strike: false };

/* eslint-disable no-control-regex -- matching terminal control characters is the point here */
// OSC (hyperlinks, window titles) and non-SGR CSI sequences: anser leaves some of them in the text.
const oscSequence = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const otherCsi = /\x1b\[[0-9;?]*[A-La-ln-z@`]/g;
// C0 controls other than tab and ESC draw nothing useful in a line.
const controls = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g;
const hasControl = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/;
/* eslint-enable no-control-regex */
const esc = '\x1b';

function cleanControls(line: string): string {
  return line.replace(oscSequence, '').replace(otherCsi, '').replace(controls, '');
}

const cube = [0, 95, 135, 175, 215, 255];

/** xterm's 256-colour palette entry as CSS. The first 16 follow the theme. */
export function paletteColour(index: number): string {
  if (index < 16) return `var(--ansi-${basicNames[index] ?? 'white'})`;
  if (index < 232) {
    const n = index - 16;
    return `rgb(${cube[Math.floor(n / 36)]}, ${cube[Math.floor(n / 6) % 6]}, ${cube[n % 6]})`;
  }
  const grey = 8 + (index - 232) * 10;
  return `rgb(${grey}, ${grey}, ${grey})`;
}

const basicNames = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'bright-black', 'bright-red', 'bright-green', 'bright-yellow', 'bright-blue', 'bright-magenta', 'bright-cyan', 'bright-white',
];

function colour(cls: string | null, truecolor: string | null): string | null {
  if (!cls) return null;
  if (cls === 'ansi-truecolor') return truecolor ? `rgb(${truecolor})` : null;
  const palette = /^ansi-palette-(\d+)$/.exec(cls);
  if (palette) return paletteColour(Number(palette[1]));
  const name = cls.slice('ansi-'.length);
  return basicNames.includes(name) ? `var(--ansi-${name})` : null;
}

/** A line's text with escape sequences and control characters removed: what search and copy see. */
export function plainText(line: string): string {
  if (line.indexOf(esc) === -1) return hasControl.test(line) ? line.replace(controls, '') : line;
  return Anser.ansiToText(cleanControls(line));
}

/** A line as styled segments. Text stays text: React escapes it, no HTML is ever built from it. */
export function ansiSegments(line: string): { text: string; style: AnsiStyle }[] {
  if (line.indexOf(esc) === -1) return [{ text: plainText(line), style: plainStyle }];
  const entries = Anser.ansiToJson(cleanControls(line), { json: true, remove_empty: true, use_classes: true });
  const segments: { text: string; style: AnsiStyle }[] = [];
  for (const entry of entries) {
    if (entry.content === '') continue;
    const decorations = entry.decorations ?? [];
    const inverted = decorations.includes('reverse');
    const fg = colour(entry.fg, entry.fg === 'ansi-truecolor' ? entry.fg_truecolor : null);
    const bg = colour(entry.bg, entry.bg === 'ansi-truecolor' ? entry.bg_truecolor : null);
    segments.push({
      // The text of a hidden segment stays: a log viewer shows what was printed.
      text: entry.content,
      style: {
        fg: inverted ? (bg ?? 'var(--log-bg)') : fg,
        bg: inverted ? (fg ?? 'var(--log-fg)') : bg,
        bold: decorations.includes('bold'),
        dim: decorations.includes('dim'),
        italic: decorations.includes('italic'),
        underline: decorations.includes('underline'),
        strike: decorations.includes('strikethrough'),
      },
    });
  }
  return segments;
}

export interface MatchRange {
  readonly start: number;
  readonly end: number;
  readonly current: boolean;
}

/** Splits styled segments at match boundaries (offsets in the plain text) and marks the matched parts. */
export function markMatches(segments: readonly { text: string; style: AnsiStyle }[], ranges: readonly MatchRange[]): LogSegment[] {
  const out: LogSegment[] = [];
  let offset = 0;
  let r = 0;
  for (const { text, style } of segments) {
    const end = offset + text.length;
    let at = offset;
    while (at < end) {
      while (r < ranges.length && ranges[r]!.end <= at) r++;
      const range = ranges[r];
      if (!range || range.start >= end) {
        out.push({ ...style, text: text.slice(at - offset), match: 'none' });
        at = end;
      } else if (range.start > at) {
        out.push({ ...style, text: text.slice(at - offset, range.start - offset), match: 'none' });
        at = range.start;
      } else {
        const stop = Math.min(range.end, end);
        out.push({ ...style, text: text.slice(at - offset, stop - offset), match: range.current ? 'current' : 'match' });
        at = stop;
      }
    }
    offset = end;
  }
  return out;
}

export interface SearchMatch {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export interface SearchState {
  readonly query: string;
  readonly matches: SearchMatch[];
  /** Lines [0, scanned) have been searched; appended lines are searched from here. */
  readonly scanned: number;
  /** More matches exist than were kept. */
  readonly capped: boolean;
}

/** Beyond this many matches the count reads "10000+": enough to step through, bounded in memory. */
export const matchLimit = 10_000;

/**
 * Finds `query` (case-insensitive, literal) in lines [from, lines.length), continuing `previous` when
 * it searched the same query over a prefix of the same log (a live log only grows).
 */
export function searchLines(lines: readonly string[], query: string, previous?: SearchState): SearchState {
  const needle = query.toLowerCase();
  const resume = previous && previous.query === query && previous.scanned <= lines.length;
  const matches = resume ? previous.matches.slice() : [];
  let capped = resume ? previous.capped : false;
  const from = resume ? previous.scanned : 0;
  if (needle.length === 0) return { query, matches: [], scanned: lines.length, capped: false };
  for (let line = from; line < lines.length; line++) {
    const raw = lines[line]!;
    // Most lines contain neither escapes nor the needle: a cheap test on the raw text skips them.
    const hasEscape = raw.indexOf(esc) !== -1;
    if (!hasEscape && raw.toLowerCase().indexOf(needle) === -1) continue;
    const text = (hasEscape || hasControl.test(raw) ? plainText(raw) : raw).toLowerCase();
    let at = text.indexOf(needle);
    while (at !== -1) {
      if (matches.length >= matchLimit) {
        capped = true;
        break;
      }
      matches.push({ line, start: at, end: at + needle.length });
      at = text.indexOf(needle, at + needle.length);
    }
    if (capped) break;
  }
  return { query, matches, scanned: lines.length, capped };
}

/** Index of the first match on or after `line` (matches are sorted by line). */
export function firstMatchAtOrAfter(matches: readonly SearchMatch[], line: number): number {
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (matches[mid]!.line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The match ranges on one line, for markMatches. */
export function rangesOnLine(matches: readonly SearchMatch[], line: number, current: number): MatchRange[] {
  const ranges: MatchRange[] = [];
  for (let i = firstMatchAtOrAfter(matches, line); i < matches.length && matches[i]!.line === line; i++) {
    ranges.push({ start: matches[i]!.start, end: matches[i]!.end, current: i === current });
  }
  return ranges;
}

/** The log as a downloadable or copyable text: escapes removed, one line per line, in parts of bounded size. */
export function logTextParts(lines: readonly string[], partLines = 20_000): string[] {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; i += partLines) {
    const slice = lines.slice(i, i + partLines).map(plainText);
    parts.push(slice.join('\n') + '\n');
  }
  return parts;
}

/**
 * The line where a step's block starts in a plain-progress log (`#5 [2/3] RUN …`), so a click on a
 * step can scroll there; -1 when the step never printed.
 */
export function stepLineIndex(lines: readonly string[], stepName: string): number {
  const suffix = ` ${stepName}`;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.charCodeAt(0) === 35 /* # */ && line.endsWith(suffix) && /^#\d+$/.test(line.slice(0, line.length - suffix.length))) return i;
  }
  return -1;
}
