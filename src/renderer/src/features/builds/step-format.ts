import type { BuildStep } from '../../../../shared/models/build';

export type StepState = 'pending' | 'running' | 'done' | 'cached' | 'failed' | 'canceled';

export function stepState(step: BuildStep): StepState {
  if (step.error !== null) return /(?:^|: )context canceled$/.test(step.error) ? 'canceled' : 'failed';
  if (step.cached && step.completedAt !== null) return 'cached';
  if (step.completedAt !== null) return 'done';
  if (step.startedAt !== null) return 'running';
  return 'pending';
}

/** How long a step took, or has been running at `now` (epoch ms); null before it starts. */
export function stepDurationMs(step: BuildStep, now: number): number | null {
  if (step.startedAt === null) return null;
  const start = Date.parse(step.startedAt);
  const end = step.completedAt === null ? now : Date.parse(step.completedAt);
  return Math.max(0, end - start);
}

/** `0.4s`, `12.3s`, `1m 05s`, `1h 02m`: tenths while short, then whole units. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const secs = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m ${String(secs).padStart(2, '0')}s`;
}

/** BuildKit's own bookkeeping steps (`[internal] load …`, context copies) as opposed to Dockerfile lines. */
export function isInternalStep(step: BuildStep): boolean {
  return /^\[(?:[a-z0-9/._-]+ )?internal\]/.test(step.name) || !step.name.startsWith('[');
}

const stateLabels: Record<StepState, string> = {
  pending: 'waiting',
  running: 'running',
  done: 'done',
  cached: 'cached',
  failed: 'failed',
  canceled: 'canceled',
};

export function stepStateLabel(state: StepState): string {
  return stateLabels[state];
}
