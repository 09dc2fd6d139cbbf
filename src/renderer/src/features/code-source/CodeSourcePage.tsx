import { useEffect, useState } from 'react';
import type { CodeSource, OAuthFlow, OAuthProvider, SourceProvider } from '../../../../shared/models/code-source';
import { EmptyState } from '../../components/EmptyState';
import { InlineProblem } from '../../components/InlineProblem';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';
import { GitlabBindForm } from './GitlabBindForm';
import { OAuthAppsSection } from './OAuthAppsSection';
import { providerNames, useSources } from './use-sources';

const platforms: readonly { id: SourceProvider; how: string }[] = [
  { id: 'github', how: 'OAuth in your browser' },
  { id: 'gitlab', how: 'URL + personal access token' },
  { id: 'bitbucket', how: 'OAuth in your browser' },
  { id: 'gitee', how: 'OAuth in your browser' },
];

export function CodeSourcePage() {
  const client = useClient();
  const { sources, loaded, problem: loadProblem } = useSources();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [flow, setFlow] = useState<OAuthFlow | undefined>();
  const [gitlabOpen, setGitlabOpen] = useState(false);
  const [enterprise, setEnterprise] = useState<string | undefined>();
  const [enterpriseCa, setEnterpriseCa] = useState('');
  const [unbinding, setUnbinding] = useState<CodeSource | undefined>();

  useEffect(
    () =>
      client.on('sources:flow', (result) => {
        setFlow((current) => (current && current.flowId !== result.flowId ? current : undefined));
        if (result.outcome === 'bound') {
          setProblem(undefined);
          setNotice(`${providerNames[result.provider]} is bound as ${result.source?.login ?? 'your account'}.`);
        } else if (result.outcome === 'failed' && result.error) setProblem({ message: result.error.message, ...(result.error.hint ? { hint: result.error.hint } : {}) });
        else if (result.outcome === 'expired') setProblem({ message: 'The sign-in took too long and was stopped.', hint: 'Click Bind Account again and finish in the browser within five minutes.' });
      }),
    [client],
  );

  async function bind(provider: OAuthProvider, baseUrl?: string, caCertPem?: string) {
    setProblem(undefined);
    setNotice(undefined);
    try {
      const started = await client.call('sources:bind', { provider, ...(baseUrl ? { baseUrl } : {}), ...(caCertPem ? { caCertPem } : {}) });
      setFlow(started);
      // Headless, nothing opened the browser for us: a new tab does (this page stays put).
      if (!started.openedExternally) window.open(started.authorizeUrl, '_blank', 'noopener,noreferrer');
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  async function cancel() {
    if (!flow) return;
    await client.call('sources:cancelBind', { flowId: flow.flowId }).catch(() => undefined);
    setFlow(undefined);
  }

  async function unbind(source: CodeSource, revokeToken: boolean) {
    try {
      const result = await client.call('sources:unbind', { id: source.id, revokeToken });
      setNotice(`${providerNames[source.provider]} account ${source.login} is unbound. ${result.revocation}`);
      setUnbinding(undefined);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  async function check(source: CodeSource) {
    try {
      const checked = await client.call('sources:check', { id: source.id });
      setNotice(checked.status === 'ok' ? `${source.login} on ${providerNames[source.provider]}: the token works.` : undefined);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <header className="page-header">
        <h1>Code Source</h1>
        <p className="lede">Accounts whose repositories Slipway builds. Tokens stay on this machine.</p>
      </header>
      {loadProblem ? <InlineProblem problem={loadProblem} /> : null}
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {flow ? (
        <div className="card sources-waiting" role="status" aria-live="polite">
          <p>
            <strong>Waiting for you to authorize Slipway on {providerNames[flow.provider]}…</strong>
          </p>
          <p className="muted small">
            {flow.openedExternally ? 'Your browser opened the sign-in page.' : 'The sign-in page opened in a new tab.'} Nothing secret is in its address; the token comes straight back to
            this machine.
          </p>
          <div className="buttons">
            <a className="button-link" href={flow.authorizeUrl} target="_blank" rel="noopener noreferrer">
              Open the {providerNames[flow.provider]} sign-in page
            </a>
            <button type="button" className="ghost" onClick={() => void cancel()}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {loaded && sources.length === 0 && !flow ? (
        <EmptyState title="No code source is bound yet">
          <p>Bind the account that hosts your code first: image repositories are bound to its repositories, and its pushes start builds.</p>
        </EmptyState>
      ) : null}
      <table className="table sources-table" aria-label="Code sources">
        <thead>
          <tr>
            <th scope="col">Platform</th>
            <th scope="col">Binding</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {platforms.map((p) => {
            const bound = sources.filter((s) => s.provider === p.id);
            return (
              <tr key={p.id}>
                <th scope="row">{providerNames[p.id]}</th>
                <td className="muted">{bound.length === 0 ? p.how : bound.map((s) => <div key={s.id}>{new URL(s.baseUrl).host}</div>)}</td>
                <td>
                  {bound.length === 0 ? <span className="badge">Not bound</span> : null}
                  {bound.map((s) => (
                    <div key={s.id} className="source-status" data-testid={`source-${s.id}`}>
                      {s.status === 'ok' ? <span className="ok">Bound as {s.login}</span> : <span className="warn">Needs attention</span>}
                      {s.status === 'attention' ? (
                        <span className="hint">
                          {s.login}: {s.reason} {s.hint}
                        </span>
                      ) : null}
                      {s.expiryWarning ? <span className="hint warn">{s.expiryWarning}</span> : s.tokenExpiresAt ? <span className="hint">Token expires {s.tokenExpiresAt.slice(0, 10)}</span> : null}
                    </div>
                  ))}
                </td>
                <td className="actions">
                  {p.id === 'gitlab' ? (
                    <button type="button" onClick={() => setGitlabOpen(true)}>
                      Bind Account
                    </button>
                  ) : (
                    <button type="button" onClick={() => void bind(p.id as OAuthProvider)} disabled={flow?.provider === p.id}>
                      Bind Account
                    </button>
                  )}
                  {p.id === 'github' ? (
                    <button type="button" className="ghost" onClick={() => setEnterprise('')}>
                      Enterprise Server…
                    </button>
                  ) : null}
                  {bound.map((s) => (
                    <span key={s.id} className="source-actions">
                      <button type="button" className="ghost" onClick={() => void check(s)} aria-label={`Check ${s.login} on ${providerNames[s.provider]}`}>
                        Check
                      </button>
                      <button type="button" className="ghost danger" onClick={() => setUnbinding(s)} aria-label={`Unbind ${s.login} on ${providerNames[s.provider]}`}>
                        Unbind
                      </button>
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unbinding ? <UnbindPanel source={unbinding} onCancel={() => setUnbinding(undefined)} onConfirm={(revoke) => void unbind(unbinding, revoke)} /> : null}
      {enterprise !== undefined ? (
        <form
          className="card form"
          aria-label="GitHub Enterprise Server"
          onSubmit={(e) => {
            e.preventDefault();
            void bind('github', enterprise, enterpriseCa).then(() => setEnterprise(undefined));
          }}
        >
          <h2>GitHub Enterprise Server</h2>
          <label className="field">
            Server address
            <input className="wide" value={enterprise} onChange={(e) => setEnterprise(e.target.value)} placeholder="https://github.example.com" spellCheck={false} />
          </label>
          <label className="field">
            CA certificate (PEM, optional)
            <textarea className="wide mono" rows={3} value={enterpriseCa} onChange={(e) => setEnterpriseCa(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" spellCheck={false} />
          </label>
          <p className="muted small">The OAuth app must be registered on that server, with the callback URL shown under OAuth apps.</p>
          <div className="buttons">
            <button type="submit">Bind Account</button>
            <button type="button" className="ghost" onClick={() => setEnterprise(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {gitlabOpen ? (
        <GitlabBindForm
          onDone={(source) => {
            setGitlabOpen(false);
            if (source) setNotice(`GitLab is bound as ${source.login}.`);
          }}
        />
      ) : null}
      <OAuthAppsSection />
    </>
  );
}

function UnbindPanel({ source, onCancel, onConfirm }: { readonly source: CodeSource; readonly onCancel: () => void; readonly onConfirm: (revokeToken: boolean) => void }) {
  const [revoke, setRevoke] = useState(false);
  return (
    <div className="card form" role="dialog" aria-label={`Unbind ${source.login}`}>
      <p>
        Unbind <strong>{source.login}</strong> on {providerNames[source.provider]}? Slipway forgets the token; image repositories bound to its repositories stop building until bound
        again.
      </p>
      {source.provider === 'gitlab' ? (
        <label className="check">
          <input type="checkbox" checked={revoke} onChange={(e) => setRevoke(e.target.checked)} /> Also revoke the token on GitLab (it stops working everywhere)
        </label>
      ) : source.provider === 'github' ? (
        <p className="muted small">Slipway’s authorization is also revoked on GitHub.</p>
      ) : null}
      <div className="buttons">
        <button type="button" className="danger" onClick={() => onConfirm(revoke)}>
          Unbind
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
