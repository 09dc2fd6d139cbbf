import { useEffect, useId, useState, type FormEvent } from 'react';
import type { UpdateStatus } from '../../../../shared/desktop/update-status';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { useT, type Words } from '../../i18n/use-t';
import { useFormats, type Formats } from '../../i18n/format';
import { problemOf } from '../../api/problem';
import { updateStateKeys } from '../../../../shared/desktop/update-words';

/** Start at login, pausing automatic builds, and where updates come from. */
export function DesktopSection() {
  const { t, word } = useT();
  const formats = useFormats();
  const info = useContractQuery('app:info', {}).data;
  const preferences = useContractQuery('settings:get', {}).data;
  const updateQuery = useContractQuery('app:update', {});
  const update = updateQuery.data;
  const toggles = useContractMutation('settings:update');
  const feed = useContractMutation('settings:update');
  const check = useContractMutation('app:checkForUpdates');
  const feedId = useId();
  const [feedUrl, setFeedUrl] = useState('');

  useEffect(() => {
    if (preferences) setFeedUrl(preferences.updateFeedUrl);
  }, [preferences?.updateFeedUrl]);

  const saveFeed = (event: FormEvent) => {
    event.preventDefault();
    // What was typed stays in the field on an error, so the user can correct it.
    feed.mutate({ updateFeedUrl: feedUrl.trim() });
  };

  return (
    <section className="card" aria-labelledby="desktop-heading">
      <h2 id="desktop-heading">{t('desktop.settings.heading')}</h2>
      {preferences ? (
        <>
          {info?.host === 'electron' ? (
            <label className="inline-form">
              <input type="checkbox" checked={preferences.openAtLogin} onChange={(e) => toggles.mutate({ openAtLogin: e.target.checked })} />
              {t('desktop.settings.openAtLogin')}
            </label>
          ) : null}
          <label className="inline-form">
            <input
              type="checkbox"
              role="switch"
              aria-checked={preferences.pauseAutomaticBuilds}
              checked={preferences.pauseAutomaticBuilds}
              onChange={(e) => toggles.mutate({ pauseAutomaticBuilds: e.target.checked })}
            />
            {t('desktop.settings.pause')}
          </label>
          <p className="muted small">{t('desktop.settings.pauseHelp')}</p>
          <InlineProblem problem={toggles.problem} onDismiss={toggles.reset} />
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}

      <h3>{t('desktop.settings.updates')}</h3>
      <InlineProblem problem={updateQuery.problem} />
      {preferences ? (
        <>
          <fieldset className="inline-form">
            <legend>{t('desktop.settings.channel')}</legend>
            {(['stable', 'beta'] as const).map((channel) => (
              <label key={channel}>
                <input type="radio" name="updateChannel" value={channel} checked={preferences.updateChannel === channel} onChange={() => toggles.mutate({ updateChannel: channel })} />
                {t(channel === 'stable' ? 'desktop.settings.stable' : 'desktop.settings.beta')}
              </label>
            ))}
          </fieldset>
          <form className="inline-form" onSubmit={saveFeed} noValidate>
            <label htmlFor={feedId}>{t('desktop.settings.feed')}</label>
            <input
              id={feedId}
              value={feedUrl}
              placeholder={t('desktop.settings.feedPlaceholder')}
              aria-invalid={feed.problem ? true : undefined}
              aria-describedby={feed.problem ? `${feedId}-error` : undefined}
              onChange={(e) => {
                setFeedUrl(e.target.value);
                if (feed.problem) feed.reset();
              }}
            />
            {/* Named apart from the Builds card's Save, which shares the page. */}
            <button type="submit" disabled={feed.isPending}>
              {t('desktop.settings.useFeed')}
            </button>
          </form>
          {feed.problem ? (
            <p id={`${feedId}-error`} className="field-error" role="alert">
              {word(feed.problem.message)} {feed.problem.hint ? word(feed.problem.hint) : null}
            </p>
          ) : null}
        </>
      ) : null}
      {/* Where nothing can be checked or installed (the headless host), the reason replaces the controls. */}
      {update?.state === 'unsupported' ? (
        <p data-testid="update-unsupported">{update.message ? word(statusMessage(update, update.message)) : t('desktop.update.notHere')}</p>
      ) : update ? (
        <>
          <p data-testid="update-line">
            {updateLine(update, { t, word }, formats)} <button type="button" className="ghost" onClick={() => check.mutate({})} disabled={check.isPending || update.state === 'checking' || update.state === 'downloading'}>
              {t('triggers.auto.checkNow')}
            </button>
          </p>
          {update.message ? <p className="muted">{word(statusMessage(update, update.message))}</p> : null}
          <InlineProblem problem={check.problem} onDismiss={check.reset} />
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </section>
  );
}

/** The status's own message: Slipway's (a phrase) or the updater's, shown as received. */
function statusMessage(status: UpdateStatus, message: string) {
  return problemOf({ message, phrase: status.phrase }).message;
}

/** Facts about updates, each worded on its own; they are a list, not a sentence. */
function updateLine(status: UpdateStatus, { t }: Words, formats: Formats): string {
  const parts = [t('desktop.update.current', { version: status.currentVersion }), t(updateStateKeys[status.state])];
  if (status.version && (status.state === 'downloading' || status.state === 'ready')) parts.push(t('desktop.update.version', { version: status.version }));
  if (status.state === 'downloading' && status.percent !== null) parts.push(t('desktop.update.percent', { percent: status.percent / 100 }));
  if (status.checkedAt) parts.push(t('desktop.update.checked', { at: formats.dateTime(status.checkedAt) }));
  if (status.feed) parts.push(t('desktop.update.from', { feed: status.feed }));
  return parts.join(t('desktop.update.separator'));
}
