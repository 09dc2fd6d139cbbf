import { useState } from 'react';
import type { CodeSource, OAuthFlow, OAuthProvider, SourceProvider } from '../../../../shared/models/code-source';
import { useContractEvent, useContractMutation } from '../../api/hooks';
import { problemOf, toProblem } from '../../api/problem';
import { EmptyState } from '../../components/EmptyState';
import { InlineProblem } from '../../components/InlineProblem';
import { OutcomeBanner, type Outcome } from '../../components/Outcome';
import { GitlabBindForm } from './GitlabBindForm';
import { OAuthAppsSection } from './OAuthAppsSection';
import { SourceBindings } from './SourceBindings';
import { providerNames, sourceHost, useSources } from './use-sources';

const platforms: readonly { id: SourceProvider; how: string }[] = [
  { id: 'github', how: 'OAuth in your browser' },
  { id: 'gitlab', how: 'URL + personal access token' },
  { id: 'bitbucket', how: 'OAuth in your browser' },
  { id: 'gitee', how: 'OAuth in your browser' },
];

export function CodeSourcePage() {
  const { sources, loaded, problem: loadProblem } = useSources();
  // One slot for the last action's result: a new refusal replaces an earlier success and vice versa.
  const [outcome, setOutcome] = useState<Outcome>();
  const [flow, setFlow] = useState<OAuthFlow | undefined>();
  const [gitlabOpen, setGitlabOpen] = useState(false);
  const [enterprise, setEnterprise] = useState<string | undefined>();
  const [enterpriseCa, setEnterpriseCa] = useState('');
  const [unbinding, setUnbinding] = useState<CodeSource | undefined>();
  const startBind = useContractMutation('sources:bind');
  const cancelBind = useContractMutation('sources:cancelBind');
  const unbindSource = useContractMutation('sources:unbind');
  const checkSource = useContractMutation('sources:check');

  useContractEvent('sources:flow', (result) => {
    setFlow((current) => (current && current.flowId !== result.flowId ? current : undefined));
    if (result.outcome === 'bound') setOutcome({ notice: `${providerNames[result.provider]} is bound as ${result.source?.login ?? 'your account'}.` });
    else if (result.outcome === 'failed' && result.error) setOutcome({ problem: problemOf(result.error) });
    else if (result.outcome === 'expired') setOutcome({ problem: { message: 'The sign-in took too long and was stopped.', hint: 'Click Bind Account again and finish in the browser within five minutes.' } });
  });

  async function bind(provider: OAuthProvider, baseUrl?: string, caCertPem?: string): Promise<boolean> {
    setOutcome(undefined);
    try {
      const started = await startBind.mutateAsync({ provider, ...(baseUrl ? { baseUrl } : {}), ...(caCertPem ? { caCertPem } : {}) });
      setFlow(started);
      // Headless, nothing opened the browser for us: a new tab does (this page stays put).
      if (!started.openedExternally) window.open(started.authorizeUrl, '_blank', 'noopener,noreferrer');
      return true;
    } catch (error) {
      setOutcome({ problem: toProblem(error) });
      return false;
    }
  }

  function cancel() {
    if (!flow) return;
    cancelBind.mutate({ flowId: flow.flowId }, { onSettled: () => setFlow(undefined) });
  }

  function unbind(source: CodeSource, revokeToken: boolean) {
    unbindSource.mutate(
      { id: source.id, revokeToken },
      {
        onSuccess: (result) => {
          setOutcome({ notice: `${providerNames[source.provider]} account ${source.login} at ${sourceHost(source)} is unbound. ${result.revocation}` });
          setUnbinding(undefined);
        },
        onError: (error) => setOutcome({ problem: toProblem(error) }),
      },
    );
  }

  function check(source: CodeSource) {
    checkSource.mutate(
      { id: source.id },
      {
        onSuccess: (checked) =>
          setOutcome(
            checked.status === 'ok'
              ? { notice: `${source.login} on ${providerNames[source.provider]} at ${sourceHost(source)}: the token works.` }
              : { problem: { message: `${source.login} at ${sourceHost(source)} needs attention.`, ...(checked.hint ? { hint: checked.hint } : {}) } },
          ),
        onError: (error) => setOutcome({ problem: toProblem(error) }),
      },
    );
  }

  return (
    <>
      <header className="page-header">
        <h1>Code Source</h1>
        <p className="lede">Accounts whose repositories Slipway builds. Tokens stay on this machine.</p>
      </header>
      <InlineProblem problem={loadProblem} />
      <OutcomeBanner outcome={outcome} onDismiss={() => setOutcome(undefined)} />
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
            <button type="button" className="ghost" onClick={cancel}>
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
            <th scope="col">Bindings</th>
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
                <td>
                  {bound.length === 0 ? (
                    <>
                      <span className="muted">{p.how}</span> <span className="badge">Not bound</span>
                    </>
                  ) : (
                    <SourceBindings bound={bound} checking={checkSource.isPending ? checkSource.variables?.id : undefined} onCheck={check} onUnbind={setUnbinding} />
                  )}
                </td>
                <td className="actions">
                  {p.id === 'gitlab' ? (
                    <button type="button" onClick={() => (setOutcome(undefined), setGitlabOpen(true))}>
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
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unbinding ? <UnbindPanel source={unbinding} onCancel={() => setUnbinding(undefined)} onConfirm={(revoke) => unbind(unbinding, revoke)} /> : null}
      {enterprise !== undefined ? (
        <form
          className="card form"
          aria-label="GitHub Enterprise Server"
          onSubmit={(e) => {
            e.preventDefault();
            void bind('github', enterprise, enterpriseCa).then((started) => started && setEnterprise(undefined));
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
          onSubmit={() => setOutcome(undefined)}
          onDone={(source) => {
            setGitlabOpen(false);
            if (source) setOutcome({ notice: `GitLab is bound as ${source.login} at ${sourceHost(source)}.` });
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
        Unbind <strong>{source.login}</strong> on {providerNames[source.provider]} at {sourceHost(source)}? Slipway forgets the token; image repositories bound to its repositories stop building until bound
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
