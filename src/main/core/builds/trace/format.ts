/** Small formatting rules shared by the trace reducer, written to match `docker build --progress=plain`. */

const platformToken = /^[a-z][a-z0-9]*\/[a-z0-9_]+(?:\/[a-z0-9.]+)?$/;

/**
 * The platform a step's name carries, as BuildKit's Dockerfile frontend prefixes it in multi-platform
 * builds: `[linux/arm64 2/3] RUN …` or `[linux/arm/v7 builder 1/4] FROM …` → `linux/arm/v7`.
 */
export function platformOfStep(name: string): string | null {
  if (name.charCodeAt(0) !== 91 /* [ */) return null;
  const close = name.indexOf(']');
  if (close === -1) return null;
  const first = name.slice(1, close).split(' ', 1)[0] ?? '';
  return platformToken.test(first) ? first : null;
}

/** Bytes as docker prints them (Go's units.HumanSize: decimal units, four significant digits). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(4))}${units[unit]}`;
}

/** Seconds with the given decimals, never negative (clock skew between engine parts happens). */
export function seconds(ms: number, decimals: number): string {
  return (Math.max(0, ms) / 1000).toFixed(decimals);
}

/** The exit code BuildKit reports for a failed RUN (`…: exit code: 3`, or `did not complete successfully: exit code: 3`). */
export function exitCodeOf(error: string): number | null {
  const match = /exit code: (\d+)\s*$/.exec(error);
  return match ? Number(match[1]) : null;
}

/** BuildKit reports an interrupted vertex with the context's cancellation error. */
export function isCancellation(error: string): boolean {
  return /(?:^|: )context canceled$/.test(error);
}
