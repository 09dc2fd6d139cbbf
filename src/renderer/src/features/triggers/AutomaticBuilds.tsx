import { useEffect, useState } from 'react';
import type { ImageRepository } from '../../../../shared/models/repository';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';

function ago(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(iso).toLocaleString();
}

function until(iso: string | null, now: number): string | null {
  if (!iso) return null;
  const s = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  return s < 60 ? `in ${s} s` : `in ${Math.round(s / 60)} min`;
}

/** How this repository's pushes become builds: the remote watcher, the push hook, and what happened. */
export function AutomaticBuilds({ repository }: { readonly repository: ImageRepository }) {
  const id = repository.id;
  const statusQuery = useContractQuery('triggers:status', { repositoryId: id });
  const hookQuery = useContractQuery('triggers:hookInfo', { repositoryId: id });
  const activityQuery = useContractQuery('activity:list', { subject: id, limit: 20 });
  const pollNow = useContractMutation('triggers:pollNow');
  const setHookSecret = useContractMutation('triggers:setHookSecret');
  const registerHook = useContractMutation('triggers:registerGitlabHook');
  const status = statusQuery.data?.[0];
  const hook = hookQuery.data;
  const activity = activityQuery.data ?? [];
  const [secret, setSecret] = useState('');
  const [publicUrl, setPublicUrl] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const problem = statusQuery.problem ?? hookQuery.problem ?? activityQuery.problem;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const saveSecret = (value: string) => setHookSecret.mutate({ repositoryId: id, secret: value }, { onSuccess: () => setSecret('') });

  const code = repository.codeRepository;
  const next = status ? until(status.nextCheckAt, now) : null;
  return (
    <section className="card triggers" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">Automatic builds</h2>
      <InlineProblem problem={problem} />
      {status && !status.watching ? <p className="muted" data-testid="watch-status">{status.reason}</p> : null}
      {status?.watching ? (
        <p className="watch-line" data-testid="watch-status">
          <span>
            Watching remote: last checked {status.checking ? 'now' : ago(status.lastCheckedAt, now)}
            {next && !status.checking ? ` · next ${next}` : ''}
          </span>
          {' · '}
          <button type="button" className="link" onClick={() => pollNow.mutate({ repositoryId: id })} disabled={pollNow.isPending || status.checking}>
            {pollNow.isPending ? 'Checking…' : 'Check now'}
          </button>
        </p>
      ) : null}
      <InlineProblem problem={pollNow.problem} onDismiss={pollNow.reset} />
      {status?.lastError ? (
        <p className="watch-error" role="status">
          Last check failed{status.failures > 1 ? ` ${status.failures} times in a row` : ''}: {status.lastError}
        </p>
      ) : null}

      <h3>Push hook</h3>
      {hook?.listenerProblem ? (
        <p className="watch-error" role="status">
          {hook.listenerProblem}
        </p>
      ) : hook?.url ? (
        <p>
          Send push events to <code data-testid="hook-url">{hook.url}</code> (through a tunnel, or from your LAN when Settings allows it) with the secret below as the hook’s secret or token.
        </p>
      ) : (
        <p className="muted">The push-hook listener is off: give it a port in Settings. The watcher above needs no hook.</p>
      )}
      <div className="row">
        <div className="field">
          <label htmlFor="hook-secret">{hook?.hasSecret ? 'Replace the secret' : 'Hook secret'}</label>
          <input id="hook-secret" type="password" autoComplete="new-password" className="mono" value={secret} onChange={(e) => setSecret(e.target.value)} placeholder={hook?.hasSecret ? '•••••••• (stored)' : 'at least 16 characters'} />
        </div>
        <div className="buttons">
          <button type="button" onClick={() => saveSecret(secret)} disabled={secret.length === 0 || setHookSecret.isPending}>
            Save secret
          </button>
          {hook?.hasSecret ? (
            <button type="button" className="ghost danger" onClick={() => saveSecret('')}>
              Remove hook
            </button>
          ) : null}
        </div>
      </div>

      <InlineProblem problem={setHookSecret.problem} onDismiss={setHookSecret.reset} />

      {code?.provider === 'gitlab' && code.sourceId && hook?.hasSecret ? (
        <div className="row">
          <div className="field">
            <label htmlFor="hook-public-url">Address GitLab can reach (a tunnel, or this machine on the LAN)</label>
            <input id="hook-public-url" className="wide mono" value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} placeholder="https://slipway.example.ngrok.app" />
          </div>
          <div className="buttons">
            <button type="button" onClick={() => registerHook.mutate({ repositoryId: id, publicUrl })} disabled={publicUrl.trim() === '' || registerHook.isPending}>
              Add the hook on GitLab
            </button>
          </div>
          <InlineProblem problem={registerHook.problem} onDismiss={registerHook.reset} />
          {registerHook.data ? (
            <p className="ok" role="status">
              GitLab now sends pushes to <code>{registerHook.data.hookUrl}</code>.
            </p>
          ) : null}
        </div>
      ) : null}

      <h3>Activity</h3>
      {activity.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ul className="activity-list" data-testid="activity">
          {activity.map((a) => (
            <li key={a.id} className={`activity-${a.kind.replace(/\./g, '-')}`}>
              <time dateTime={a.at} className="muted small">
                {new Date(a.at).toLocaleTimeString()}
              </time>{' '}
              {a.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
