import type { Problem } from '../api/problem';
import { InlineProblem } from './InlineProblem';

/**
 * The result of the last action in one place: a success note or a problem, never both, so a
 * success from an earlier attempt cannot stay above a later refusal.
 */
export type Outcome = { readonly notice: string } | { readonly problem: Problem } | undefined;

export function OutcomeBanner({ outcome, onDismiss, noticeClass = 'notice' }: { readonly outcome: Outcome; readonly onDismiss?: () => void; readonly noticeClass?: string }) {
  if (!outcome) return null;
  if ('problem' in outcome) return <InlineProblem problem={outcome.problem} onDismiss={onDismiss} />;
  return (
    <p className={noticeClass} role="status">
      {outcome.notice}
    </p>
  );
}
