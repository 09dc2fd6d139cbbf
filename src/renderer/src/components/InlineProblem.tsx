import type { Problem } from '../api/problem';
import { useT } from '../i18n/use-t';

/**
 * THE problem banner: what went wrong and what to do next, placed next to the thing that failed.
 * Given no problem it renders nothing, so callers pass their current one as it is.
 */
export function InlineProblem({ problem, onDismiss }: { readonly problem: Problem | undefined; readonly onDismiss?: (() => void) | undefined }) {
  const { t, word } = useT();
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      <div>
        <strong>{word(problem.message)}</strong>
        {problem.hint ? <p>{word(problem.hint)}</p> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="ghost" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      ) : null}
    </div>
  );
}
