import type { BuildStep } from '../../../../shared/models/build';
import { formatDuration, isInternalStep, stepDurationMs, stepState, stepStateLabel, type StepState } from './step-format';

export interface StepListProps {
  steps: readonly BuildStep[];
  /** Epoch ms; a running step's duration counts up to it (the page ticks it once a second). */
  now: number;
  /** A step was chosen: the page scrolls the log to its first line. */
  onSelect?: (stepId: string) => void;
  /** The step whose log is shown, if any. */
  selectedId?: string | null;
}

const icons: Record<StepState, string> = {
  pending: '○',
  running: '◐',
  done: '✓',
  cached: '✓',
  failed: '✕',
  canceled: '–',
};

export function StepList({ steps, now, onSelect, selectedId = null }: StepListProps) {
  if (steps.length === 0) return <p className="muted step-list-empty">No steps yet.</p>;
  return (
    <ol className="step-list" aria-label="Build steps">
      {steps.map((step) => {
        const state = stepState(step);
        const ms = stepDurationMs(step, now);
        const duration = ms === null ? '' : formatDuration(ms);
        const classes = ['step', `step-${state}`, isInternalStep(step) ? 'step-internal' : '', step.id === selectedId ? 'selected' : ''].filter(Boolean).join(' ');
        return (
          <li key={step.id} className={classes}>
            <button
              type="button"
              className="step-button"
              onClick={() => onSelect?.(step.id)}
              aria-current={step.id === selectedId ? 'step' : undefined}
              aria-label={`${step.name}: ${stepStateLabel(state)}${duration ? `, ${duration}` : ''}. Show in log`}
            >
              <span className={`step-icon step-icon-${state}`} aria-hidden="true">
                {icons[state]}
              </span>
              <span className="step-name">{step.name || step.id}</span>
              {step.cached && <span className="badge step-cached-badge">CACHED</span>}
              <span className="step-duration" aria-hidden="true">
                {state === 'running' ? <span className="step-live">{duration}</span> : duration}
              </span>
            </button>
            {step.error !== null && state === 'failed' && (
              <p className="step-error" role="note">
                {step.error}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
