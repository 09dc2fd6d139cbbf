import { readdirSync, readFileSync } from 'node:fs';

export interface SeenProcess {
  readonly pid: number;
  readonly argv: readonly string[];
  /** The raw environment block (NUL-separated), readable for this user's own processes. */
  readonly environ: string;
}

/** This machine's processes whose command line mentions `needle` (read from /proc, Linux). */
export function processesMentioning(needle: string): SeenProcess[] {
  const found: SeenProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
      if (!argv.some((a) => a.includes(needle))) continue;
      // A process that has exited but not been reaped yet is not running git any more.
      if (/\)\s+Z\s/.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      found.push({ pid: Number(entry), argv, environ: readFileSync(`/proc/${entry}/environ`, 'utf8') });
    } catch {
      // Gone while being read.
    }
  }
  return found;
}
