import { useEffect, useState } from 'react';
import type { ImageRepository } from '../../../../shared/models/repository';
import { useContractCursorPages, useContractMutation, useContractQuery } from '../../api/hooks';
import { LoadMore } from '../../components/LoadMore';
import { FormattedMessage } from 'react-intl';
import { InlineProblem } from '../../components/InlineProblem';
import { problemOf } from '../../api/problem';
import { useFormats } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

/** An address of the kind a tunnel gives: the same in every language. */
const examplePublicUrl = 'https://slipway.example.ngrok.app';

/** How this repository's pushes become builds: the remote watcher, the push hook, and what happened. */
export function AutomaticBuilds({ repository }: { readonly repository: ImageRepository }) {
  const { t, word } = useT();
  const formats = useFormats();
  const id = repository.id;
  const statusQuery = useContractQuery('triggers:status', { repositoryId: id });
  const hookQuery = useContractQuery('triggers:hookInfo', { repositoryId: id });
  // Read 50 lines at a time (issue 15): older ones come with "Load more".
  const activityPages = useContractCursorPages('activity:page', { subject: id, limit: 50 });
  const pollNow = useContractMutation('triggers:pollNow');
  const setHookSecret = useContractMutation('triggers:setHookSecret');
  const registerHook = useContractMutation('triggers:registerGitlabHook');
  const status = statusQuery.data?.[0];
  const hook = hookQuery.data;
  const activity = activityPages.items ?? [];
  const [secret, setSecret] = useState('');
  const [publicUrl, setPublicUrl] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const problem = statusQuery.problem ?? hookQuery.problem ?? activityPages.problem;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const saveSecret = (value: string) => setHookSecret.mutate({ repositoryId: id, secret: value }, { onSuccess: () => setSecret('') });

  const code = repository.codeRepository;
  // A check that is already due reads "now", not "in 0 seconds" or a time in the past.
  const relative = (iso: string) => formats.relative(Math.max(Date.parse(iso), now), now);
  const next = status?.nextCheckAt ? relative(status.nextCheckAt) : null;
  const last = status?.checking ? t('triggers.auto.now') : status?.lastCheckedAt ? formats.relative(Math.min(Date.parse(status.lastCheckedAt), now), now) : t('triggers.auto.never');
  return (
    <section className="card triggers" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">{t('triggers.auto.heading')}</h2>
      <InlineProblem problem={problem} />
      {status && !status.watching ? <p className="muted" data-testid="watch-status">{word(problemOf({ message: status.reason ?? '', phrase: status.reasonPhrase }).message)}</p> : null}
      {status?.watching ? (
        <p className="watch-line" data-testid="watch-status">
          <span>{t('triggers.auto.watching', { last, hasNext: next && !status.checking ? 'yes' : 'no', next: next ?? '' })}</span> {t('triggers.auto.dot')} <button type="button" className="link" onClick={() => pollNow.mutate({ repositoryId: id })} disabled={pollNow.isPending || status.checking}>
            {pollNow.isPending ? t('triggers.auto.checking') : t('triggers.auto.checkNow')}
          </button>
        </p>
      ) : null}
      <InlineProblem problem={pollNow.problem} onDismiss={pollNow.reset} />
      {status?.lastError ? (
        <p className="watch-error" role="status">
          {t('triggers.auto.lastFailed', { failures: status.failures, error: status.lastError })}
        </p>
      ) : null}

      <h3>{t('triggers.hook.heading')}</h3>
      {hook?.listenerProblem ? (
        <p className="watch-error" role="status">
          {word(problemOf({ message: hook.listenerProblem, phrase: hook.listenerProblemPhrase }).message)}
        </p>
      ) : hook?.url ? (
        <p>
          <FormattedMessage id="triggers.hook.sendTo" values={{ url: <code data-testid="hook-url">{hook.url}</code> }} />
        </p>
      ) : (
        <p className="muted">{t('triggers.hook.listenerOff')}</p>
      )}
      <div className="row">
        <div className="field">
          <label htmlFor="hook-secret">{t(hook?.hasSecret ? 'triggers.hook.replaceSecret' : 'triggers.hook.secret')}</label>
          <input id="hook-secret" type="password" autoComplete="new-password" className="mono" value={secret} onChange={(e) => setSecret(e.target.value)} placeholder={t(hook?.hasSecret ? 'triggers.hook.storedPlaceholder' : 'triggers.hook.secretPlaceholder')} />
        </div>
        <div className="buttons">
          <button type="button" onClick={() => saveSecret(secret)} disabled={secret.length === 0 || setHookSecret.isPending}>
            {t('triggers.hook.saveSecret')}
          </button>
          {hook?.hasSecret ? (
            <button type="button" className="ghost danger" onClick={() => saveSecret('')}>
              {t('triggers.hook.remove')}
            </button>
          ) : null}
        </div>
      </div>

      <InlineProblem problem={setHookSecret.problem} onDismiss={setHookSecret.reset} />

      {code?.provider === 'gitlab' && code.sourceId && hook?.hasSecret ? (
        <div className="row">
          <div className="field">
            <label htmlFor="hook-public-url">{t('triggers.hook.publicUrl')}</label>
            <input id="hook-public-url" className="wide mono" value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} placeholder={examplePublicUrl} />
          </div>
          <div className="buttons">
            <button type="button" onClick={() => registerHook.mutate({ repositoryId: id, publicUrl })} disabled={publicUrl.trim() === '' || registerHook.isPending}>
              {t('triggers.hook.addOnGitlab')}
            </button>
          </div>
          <InlineProblem problem={registerHook.problem} onDismiss={registerHook.reset} />
          {registerHook.data ? (
            <p className="ok" role="status">
              <FormattedMessage id="triggers.hook.gitlabAdded" values={{ url: <code>{registerHook.data.hookUrl}</code> }} />
            </p>
          ) : null}
        </div>
      ) : null}

      <h3>{t('triggers.activity.heading')}</h3>
      {activity.length === 0 ? (
        <p className="muted">{t('triggers.activity.empty')}</p>
      ) : (
        <ul className="activity-list" data-testid="activity">
          {activity.map((a) => (
            <li key={a.id} className={`activity-${a.kind.replace(/\./g, '-')}`}>
              {/* Lines written before activity kept its phrase (migration 10) are shown in their English. */}
              <time dateTime={a.at} className="muted small">
                {formats.time(a.at)}
              </time> {word(problemOf(a).message)}
            </li>
          ))}
        </ul>
      )}
      <LoadMore pages={activityPages} label={t('triggers.activity.loadMore')} loading={t('triggers.activity.loadingMore')} />
    </section>
  );
}
