import type { Problem } from '../api/problem';

/**
 * THE problem banner: what went wrong and what to do next, placed next to the thing that failed.
 * Given no problem it renders nothing, so callers pass their current one as it is.
 */
export function InlineProblem({ problem, onDismiss }: { readonly problem: Problem | undefined; readonly onDismiss?: (() => void) | undefined }) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      <div>
        <strong>{problem.message}</strong>
        {problem.hint ? <p>{problem.hint}</p> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="ghost" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
