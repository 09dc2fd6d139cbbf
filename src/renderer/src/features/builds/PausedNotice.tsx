import { FormattedMessage } from 'react-intl';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { useT } from '../../i18n/use-t';

/** While automatic builds are paused, the Builds page says so and offers to resume. */
export function PausedNotice() {
  const paused = useContractQuery('settings:get', {}).data?.pauseAutomaticBuilds ?? false;
  const resume = useContractMutation('settings:update');
  const { t } = useT();
  if (!paused) return null;
  return (
    <div className="notice paused-notice" role="status" data-testid="paused-notice">
      <span>
        <FormattedMessage id="builds.paused.body" values={{ strong: (chunks) => <strong>{chunks}</strong> }} />
      </span>
      <button type="button" onClick={() => resume.mutate({ pauseAutomaticBuilds: false })} disabled={resume.isPending}>
        {t('builds.paused.resume')}
      </button>
      <InlineProblem problem={resume.problem} onDismiss={resume.reset} />
    </div>
  );
}
