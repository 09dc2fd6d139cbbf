import type { MessageKey } from '../../../../shared/i18n/catalogs';
import type { Build, BuildStep } from '../../../../shared/models/build';
import { finishedStatuses } from '../../../../shared/models/build-status';

export type StepState = 'pending' | 'running' | 'done' | 'cached' | 'failed' | 'canceled' | 'interrupted' | 'skipped';

/**
 * What the step list knows of the build around a step. Optional, so a caller that has not passed
 * it yet sees the old behaviour; once the build is finished, an open step can no longer be running.
 */
export type StepBuild = Partial<Pick<Build, 'status' | 'finishedAt'>>;

function buildFinished(build: StepBuild | undefined): boolean {
  return build?.status !== undefined && finishedStatuses.includes(build.status);
}

export function stepState(step: BuildStep, build?: StepBuild): StepState {
  if (step.error !== null) return /(?:^|: )context canceled$/.test(step.error) ? 'canceled' : 'failed';
  if (step.cached && step.completedAt !== null) return 'cached';
  if (step.completedAt !== null) return 'done';
  const finished = buildFinished(build);
  // The build ended (restart, cancel, failure elsewhere) while this step was open: it never completed.
  if (step.startedAt !== null) return finished ? (build?.status === 'canceled' ? 'canceled' : 'interrupted') : 'running';
  return finished ? 'skipped' : 'pending';
}

/**
 * How long a step took, or has been running at `now` (epoch ms); null before it starts. A step the
 * build left open ends where the build ended (its last event), never at `now`: otherwise an
 * interrupted step would seem to run longer on every visit. Null when that end is not known.
 */
export function stepDurationMs(step: BuildStep, now: number, build?: StepBuild): number | null {
  if (step.startedAt === null) return null;
  const start = Date.parse(step.startedAt);
  const end = step.completedAt !== null ? Date.parse(step.completedAt) : openStepEnd(step, now, build);
  if (end === null || Number.isNaN(start) || Number.isNaN(end)) return null;
  return Math.max(0, end - start);
}

function openStepEnd(step: BuildStep, now: number, build: StepBuild | undefined): number | null {
  if (buildFinished(build)) return build?.finishedAt ? Date.parse(build.finishedAt) : null;
  // A step with an error is over even if no completion was recorded: its end is unknown, not now.
  return step.error === null ? now : null;
}

/** BuildKit's own bookkeeping steps (`[internal] load …`, context copies) as opposed to Dockerfile lines. */
export function isInternalStep(step: BuildStep): boolean {
  // Slipway's own steps (a test before push) are the user's work, not BuildKit's housekeeping.
  if (step.id.startsWith('slipway-')) return false;
  // A multi-platform build's own work has its platform in a bracket of its own:
  // `[linux/arm64] exporting to image`.
  const platformOnly = step.platform !== null && step.name.startsWith(`[${step.platform}] `);
  return /^\[(?:[a-z0-9/._-]+ )?internal\]/.test(step.name) || !step.name.startsWith('[') || platformOnly;
}

const stateKeys: Record<StepState, MessageKey> = {
  pending: 'builds.stepState.pending',
  running: 'builds.stepState.running',
  done: 'builds.stepState.done',
  cached: 'builds.stepState.cached',
  failed: 'builds.stepState.failed',
  canceled: 'builds.stepState.canceled',
  interrupted: 'builds.stepState.interrupted',
  skipped: 'builds.stepState.skipped',
};

/** The catalog key of a step state's word ("not run" for a step the build never reached). */
export function stepStateKey(state: StepState): MessageKey {
  return stateKeys[state];
}
