/**
 * What every bench shares: its options (`--quick` shrinks sizes and runs so CI can prove the bench
 * still runs end to end), the spread of a figure over runs, and a guard that turns a figure that is
 * not a number into a failure, so a bench that silently stopped measuring exits non-zero.
 */

/** `--quick`: the whole bench path in seconds, for `npm test` (test/bench/quick.test.ts). */
export const quick = process.argv.includes('--quick');

/** `--name N` on the command line, else the full-run default, else (with --quick) the quick one. */
export function option(name: string, full: number, quickValue: number = full): number {
  const i = process.argv.indexOf(`--${name}`);
  const given = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  if (Number.isFinite(given)) return given;
  return quick ? quickValue : full;
}

/** The value at quantile q (nearest rank, below), NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))] ?? NaN;
}

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly runs: number;
}

/** Min, median and max over runs: one number hides how much a bench moves run to run. */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length === 0 ? NaN : sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0] ?? NaN, median, max: sorted[sorted.length - 1] ?? NaN, runs: sorted.length };
}

/** "0.91 / 1.02 / 1.18 (min / median / max of 5)" */
export function showSpread(s: Spread, digits = 2, unit = ''): string {
  const f = (v: number) => `${v.toFixed(digits)}${unit}`;
  return `${f(s.min)} / ${f(s.median)} / ${f(s.max)} (min / median / max of ${s.runs})`;
}

/** Fails the bench when a figure it is about to print is not a finite number. */
export function finite(what: string, ...values: number[]): void {
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`bench broken: ${what} is ${v}`);
}

/** Fails the bench when a path it claims to measure was not taken. */
export function exercised(what: string, taken: boolean): void {
  if (!taken) throw new Error(`bench broken: ${what} was not exercised`);
}

/** Runs a bench's main and exits 0 only if it finished; any exception prints and exits 1. */
export function runBench(main: () => Promise<void>): void {
  void main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
