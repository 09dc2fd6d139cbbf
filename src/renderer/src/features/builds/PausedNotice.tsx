import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';

/** While automatic builds are paused, the Builds page says so and offers to resume. */
export function PausedNotice() {
  const paused = useContractQuery('settings:get', {}).data?.pauseAutomaticBuilds ?? false;
  const resume = useContractMutation('settings:update');
  if (!paused) return null;
  return (
    <div className="notice" role="status" data-testid="paused-notice">
      <strong>Automatic builds are paused.</strong> Pushes wait until you resume; then Slipway builds what changed.{' '}
      <button type="button" onClick={() => resume.mutate({ pauseAutomaticBuilds: false })} disabled={resume.isPending}>
        Resume
      </button>
      <InlineProblem problem={resume.problem} onDismiss={resume.reset} />
    </div>
  );
}
