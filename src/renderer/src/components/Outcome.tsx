import type { Problem } from '../api/problem';
import type { Text } from '../../../shared/i18n/phrase';
import { useT } from '../i18n/use-t';
import { InlineProblem } from './InlineProblem';

/**
 * The result of the last action in one place: a success note or a problem, never both, so a
 * success from an earlier attempt cannot stay above a later refusal.
 */
export type Outcome = { readonly notice: Text } | { readonly problem: Problem } | undefined;

export function OutcomeBanner({ outcome, onDismiss, noticeClass = 'notice' }: { readonly outcome: Outcome; readonly onDismiss?: () => void; readonly noticeClass?: string }) {
  const { word } = useT();
  if (!outcome) return null;
  if ('problem' in outcome) return <InlineProblem problem={outcome.problem} onDismiss={onDismiss} />;
  return (
    <p className={noticeClass} role="status">
      {word(outcome.notice)}
    </p>
  );
}
