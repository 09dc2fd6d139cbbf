import { useEffect, useState } from 'react';
import { useContractMutation, useContractQuery } from '../api/hooks';
import { toProblem, type Problem } from '../api/problem';
import { InlineProblem } from '../components/InlineProblem';
import { BuildsRunningDialog } from './BuildsRunningDialog';
import { asksAboutBuilds, updateBanner, updateBannerText } from './update-banner-state';
import { useT } from '../i18n/use-t';
import { whenIdle } from './when-idle';

/**
 * Shown on every page once an update has downloaded: one button restarts into it. The status is
 * asked for at the window's first idle moment, after the page's own reads (route-data.ts); an
 * update announced before then is in the cache already (event-effects.ts).
 */
export function UpdateBanner() {
  const [asked, setAsked] = useState(false);
  useEffect(() => whenIdle(() => setAsked(true)), []);
  const status = useContractQuery('app:update', {}, { enabled: asked }).data;
  const restart = useContractMutation('app:restartToUpdate');
  const [buildsRunning, setBuildsRunning] = useState<Problem | null>(null);
  const { t, word } = useT();
  const banner = updateBanner(status);
  if (banner.kind === 'hidden') return null;

  const ask = () =>
    restart.mutate(
      { whenBuilding: 'ask' },
      {
        onError: (error) => {
          if (!asksAboutBuilds(error)) return;
          setBuildsRunning(toProblem(error));
          restart.reset();
        },
      },
    );

  return (
    <div className="notice update-banner" role="status" data-testid="update-banner">
      <span>{word(updateBannerText(banner))}</span>
      {banner.kind === 'offer' ? (
        <button type="button" onClick={ask} disabled={restart.isPending}>
          {t('app.update.restart')}
        </button>
      ) : null}
      <InlineProblem problem={restart.problem} onDismiss={restart.reset} />
      {buildsRunning ? (
        <BuildsRunningDialog
          reason={buildsRunning}
          onChoose={(choice) => {
            setBuildsRunning(null);
            if (choice) restart.mutate({ whenBuilding: choice });
          }}
        />
      ) : null}
    </div>
  );
}
