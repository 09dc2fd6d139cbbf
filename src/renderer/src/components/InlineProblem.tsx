import type { Problem } from '../store/app-store';

/** What went wrong and what to do next, next to the thing that failed. */
export function InlineProblem({ problem, onDismiss }: { readonly problem: Problem; readonly onDismiss?: () => void }) {
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
