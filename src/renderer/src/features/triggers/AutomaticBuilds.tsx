import { useCallback, useEffect, useState } from 'react';
import type { ImageRepository } from '../../../../shared/models/repository';
import type { ActivityEntry, HookInfo, WatchStatus } from '../../../../shared/models/trigger';
import { InlineProblem } from '../../components/InlineProblem';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';

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
  const client = useClient();
  const id = repository.id;
  const [status, setStatus] = useState<WatchStatus | undefined>();
  const [hook, setHook] = useState<HookInfo | undefined>();
  const [activity, setActivity] = useState<readonly ActivityEntry[]>([]);
  const [secret, setSecret] = useState('');
  const [checking, setChecking] = useState(false);
  const [publicUrl, setPublicUrl] = useState('');
  const [registered, setRegistered] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [now, setNow] = useState(() => Date.now());

  const loadActivity = useCallback(async () => {
    setActivity(await client.call('activity:list', { subject: id, limit: 20 }));
  }, [client, id]);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const [s] = await client.call('triggers:status', { repositoryId: id });
        const h = await client.call('triggers:hookInfo', { repositoryId: id });
        if (!live) return;
        setStatus(s);
        setHook(h);
        await loadActivity();
      } catch (error) {
        if (live) setProblem(toProblem(error));
      }
    })();
    const off = client.on('triggers:status', (s) => {
      if (s.repositoryId !== id) return;
      setStatus(s);
      if (!s.checking) void loadActivity().catch(() => undefined);
    });
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      live = false;
      off();
      clearInterval(timer);
    };
  }, [client, id, repository.autoBuild, repository.codeRepository?.cloneUrl, loadActivity]);

  const checkNow = async () => {
    setChecking(true);
    try {
      setStatus(await client.call('triggers:pollNow', { repositoryId: id }));
      setProblem(undefined);
      await loadActivity();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setChecking(false);
    }
  };

  const saveSecret = async (value: string) => {
    try {
      setHook(await client.call('triggers:setHookSecret', { repositoryId: id, secret: value }));
      setSecret('');
      setProblem(undefined);
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  const registerOnGitlab = async () => {
    try {
      const { hookUrl } = await client.call('triggers:registerGitlabHook', { repositoryId: id, publicUrl });
      setRegistered(hookUrl);
      setProblem(undefined);
      await loadActivity();
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  const code = repository.codeRepository;
  const next = status ? until(status.nextCheckAt, now) : null;
  return (
    <section className="card triggers" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">Automatic builds</h2>
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
      {status && !status.watching ? <p className="muted" data-testid="watch-status">{status.reason}</p> : null}
      {status?.watching ? (
        <p className="watch-line" data-testid="watch-status">
          <span>
            Watching remote: last checked {status.checking ? 'now' : ago(status.lastCheckedAt, now)}
            {next && !status.checking ? ` · next ${next}` : ''}
          </span>
          {' · '}
          <button type="button" className="link" onClick={() => void checkNow()} disabled={checking || status.checking}>
            {checking ? 'Checking…' : 'Check now'}
          </button>
        </p>
      ) : null}
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
          <button type="button" onClick={() => void saveSecret(secret)} disabled={secret.length === 0}>
            Save secret
          </button>
          {hook?.hasSecret ? (
            <button type="button" className="ghost danger" onClick={() => void saveSecret('')}>
              Remove hook
            </button>
          ) : null}
        </div>
      </div>

      {code?.provider === 'gitlab' && code.sourceId && hook?.hasSecret ? (
        <div className="row">
          <div className="field">
            <label htmlFor="hook-public-url">Address GitLab can reach (a tunnel, or this machine on the LAN)</label>
            <input id="hook-public-url" className="wide mono" value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} placeholder="https://slipway.example.ngrok.app" />
          </div>
          <div className="buttons">
            <button type="button" onClick={() => void registerOnGitlab()} disabled={publicUrl.trim() === ''}>
              Add the hook on GitLab
            </button>
          </div>
          {registered ? (
            <p className="ok" role="status">
              GitLab now sends pushes to <code>{registered}</code>.
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
