import { useApp } from '../app/context';

export function ProblemBanner() {
  const problem = useApp((s) => s.problem);
  const dismiss = useApp((s) => s.dismissProblem);
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      <div>
        <strong>{problem.message}</strong>
        {problem.hint ? <p>{problem.hint}</p> : null}
      </div>
      <button type="button" className="ghost" onClick={dismiss} aria-label="Dismiss">
        Dismiss
      </button>
    </div>
  );
}
