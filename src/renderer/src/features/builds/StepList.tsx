import type { BuildStatus, BuildStep } from '../../../../shared/models/build';
import { useFormats } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { isInternalStep, stepDurationMs, stepState, stepStateKey, type StepState } from './step-format';

export interface StepListProps {
  steps: readonly BuildStep[];
  /** Epoch ms; a running step's duration counts up to it (the page ticks it once a second). */
  now: number;
  /**
   * The build's status: once it is finished, a step that never completed reads interrupted (or
   * canceled) instead of running. Pass `build.status`.
   */
  buildStatus?: BuildStatus;
  /** When the build ended (its last event): where a step it left open ends. Pass `build.finishedAt`. */
  buildFinishedAt?: string | null;
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
  interrupted: '!',
  skipped: '○',
};

export function StepList({ steps, now, buildStatus, buildFinishedAt, onSelect, selectedId = null }: StepListProps) {
  const { t } = useT();
  const formats = useFormats();
  if (steps.length === 0) return <p className="muted step-list-empty">{t('builds.steps.none')}</p>;
  const build = { status: buildStatus, finishedAt: buildFinishedAt };
  return (
    <ol className="step-list" aria-label={t('builds.steps.label')}>
      {steps.map((step) => {
        const state = stepState(step, build);
        const ms = stepDurationMs(step, now, build);
        const duration = ms === null ? '' : formats.duration(ms);
        const stateWord = t(stepStateKey(state));
        const name = step.name || step.id;
        const classes = ['step', `step-${state}`, isInternalStep(step) ? 'step-internal' : '', step.id === selectedId ? 'selected' : ''].filter(Boolean).join(' ');
        return (
          <li key={step.id} className={classes} data-state={state}>
            <button
              type="button"
              className="step-button"
              onClick={() => onSelect?.(step.id)}
              aria-current={step.id === selectedId ? 'step' : undefined}
              aria-label={duration ? t('builds.steps.buttonLabel', { name, state: stateWord, duration }) : t('builds.steps.buttonLabelNoDuration', { name, state: stateWord })}
              title={name}
            >
              <span className={`step-icon step-icon-${state}`} aria-hidden="true">
                {icons[state]}
              </span>
              <span className="step-name">{name}</span>
              {step.cached && <span className="badge step-cached-badge">{t('builds.steps.cachedBadge')}</span>}
              {state === 'interrupted' || state === 'canceled' || state === 'skipped' ? (
                <span className="step-state-word" aria-hidden="true">
                  {stateWord}
                </span>
              ) : null}
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
