import { useEffect, useId, useState, type FormEvent } from 'react';
import type { UpdateStatus } from '../../../../shared/desktop/update-status';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { useT } from '../../i18n/use-t';

const stateLabels: Record<UpdateStatus['state'], string> = {
  unsupported: 'Not available here',
  idle: 'Not checked yet',
  checking: 'Checking for updates…',
  'up-to-date': 'Up to date',
  downloading: 'Downloading',
  ready: 'Ready to install',
  error: 'The last check failed',
};

/** Start at login, pausing automatic builds, and where updates come from. */
export function DesktopSection() {
  const { word } = useT();
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
      <h2 id="desktop-heading">Startup and updates</h2>
      {preferences ? (
        <>
          {info?.host === 'electron' ? (
            <label className="inline-form">
              <input type="checkbox" checked={preferences.openAtLogin} onChange={(e) => toggles.mutate({ openAtLogin: e.target.checked })} />
              Open Slipway when I log in
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
            Pause automatic builds
          </label>
          <p className="muted small">While paused, Slipway stops watching for pushes. When you resume, it builds what changed meanwhile.</p>
          <InlineProblem problem={toggles.problem} onDismiss={toggles.reset} />
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}

      <h3>Updates</h3>
      <InlineProblem problem={updateQuery.problem} />
      {preferences ? (
        <>
          <fieldset className="inline-form">
            <legend>Update channel</legend>
            {(['stable', 'beta'] as const).map((channel) => (
              <label key={channel}>
                <input type="radio" name="updateChannel" value={channel} checked={preferences.updateChannel === channel} onChange={() => toggles.mutate({ updateChannel: channel })} />
                {channel === 'stable' ? 'Stable' : 'Beta (includes prereleases)'}
              </label>
            ))}
          </fieldset>
          <form className="inline-form" onSubmit={saveFeed} noValidate>
            <label htmlFor={feedId}>Update feed URL</label>
            <input
              id={feedId}
              value={feedUrl}
              placeholder="Empty: GitHub Releases"
              aria-invalid={feed.problem ? true : undefined}
              aria-describedby={feed.problem ? `${feedId}-error` : undefined}
              onChange={(e) => {
                setFeedUrl(e.target.value);
                if (feed.problem) feed.reset();
              }}
            />
            {/* Named apart from the Builds card's Save, which shares the page. */}
            <button type="submit" disabled={feed.isPending}>
              Use this feed
            </button>
          </form>
          {feed.problem ? (
            <p id={`${feedId}-error`} className="field-error" role="alert">
              {word(feed.problem.message)} {feed.problem.hint ? word(feed.problem.hint) : ''}
            </p>
          ) : null}
        </>
      ) : null}
      {/* Where nothing can be checked or installed (the headless host), the reason replaces the controls. */}
      {update?.state === 'unsupported' ? (
        <p data-testid="update-unsupported">{update.message ?? 'Updates are not available here.'}</p>
      ) : update ? (
        <>
          <p data-testid="update-line">
            {updateLine(update)}{' '}
            <button type="button" className="ghost" onClick={() => check.mutate({})} disabled={check.isPending || update.state === 'checking' || update.state === 'downloading'}>
              Check now
            </button>
          </p>
          {update.message ? <p className="muted">{update.message}</p> : null}
          <InlineProblem problem={check.problem} onDismiss={check.reset} />
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}

function updateLine(status: UpdateStatus): string {
  const parts = [`Slipway ${status.currentVersion}`, stateLabels[status.state]];
  if (status.version && (status.state === 'downloading' || status.state === 'ready')) parts.push(`version ${status.version}`);
  if (status.state === 'downloading' && status.percent !== null) parts.push(`${Math.round(status.percent)}%`);
  if (status.checkedAt) parts.push(`checked ${new Date(status.checkedAt).toLocaleString()}`);
  if (status.feed) parts.push(`from ${status.feed}`);
  return parts.join(' · ');
}
