import { lazy, Suspense, useEffect, useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { FormattedMessage } from 'react-intl';
import { phrase } from '../../../../shared/i18n/phrase';
import type { CodeSource, OAuthFlow, OAuthProvider, SourceProvider } from '../../../../shared/models/code-source';
import { useContractEvent, useContractMutation } from '../../api/hooks';
import { problemOf, toProblem, type Problem } from '../../api/problem';
import { EmptyState } from '../../components/EmptyState';
import { InlineProblem } from '../../components/InlineProblem';
import { OutcomeBanner, type Outcome } from '../../components/Outcome';
import { useT } from '../../i18n/use-t';
import { OAuthAppsSection } from './OAuthAppsSection';
import { SourceBindings } from './SourceBindings';
import { providerNames, sourceHost, useSources } from './use-sources';
import { whenIdle } from '../../app/when-idle';

// The GitLab form checks its fields with the shared zod schemas: loaded when the window is idle
// after the first paint, not before it (issue 15), so the page's first chunk stays without zod.
const loadGitlabForm = () => import('./GitlabBindForm');
const GitlabBindForm = lazy(() => loadGitlabForm().then((m) => ({ default: m.GitlabBindForm })));

const platforms: readonly { id: SourceProvider; how: 'sources.platform.oauth' | 'sources.platform.token' }[] = [
  { id: 'github', how: 'sources.platform.oauth' },
  { id: 'gitlab', how: 'sources.platform.token' },
  { id: 'bitbucket', how: 'sources.platform.oauth' },
  { id: 'gitee', how: 'sources.platform.oauth' },
];

export function CodeSourcePage() {
  const { t, word } = useT();
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

  // At an idle moment, not a task later: a key pressed on this page at start (to another page) must
  // not wait behind this chunk and zod's evaluation; leaving the page first cancels it (issue 15).
  useEffect(() => whenIdle(() => void loadGitlabForm()), []);

  useContractEvent('sources:flow', (result) => {
    setFlow((current) => (current && current.flowId !== result.flowId ? current : undefined));
    const provider = providerNames[result.provider];
    if (result.outcome === 'bound')
      setOutcome({ notice: result.source ? t('sources.outcome.bound', { provider, login: result.source.login }) : t('sources.outcome.boundUnknown', { provider }) });
    else if (result.outcome === 'failed' && result.error) setOutcome({ problem: problemOf(result.error) });
    else if (result.outcome === 'expired') setOutcome({ problem: { message: phrase('sources.flow.expired'), hint: phrase('sources.flow.expiredHint') } });
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
          const revocation = result.revocationPhrase ? word(result.revocationPhrase) : result.revocation;
          setOutcome({ notice: t('sources.outcome.unbound', { provider: providerNames[source.provider], login: source.login, host: sourceHost(source), revocation }) });
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
              ? { notice: t('sources.outcome.checkOk', { login: source.login, provider: providerNames[source.provider], host: sourceHost(source) }) }
              : { problem: { message: phrase('sources.outcome.checkAttention', { login: source.login, host: sourceHost(source) }), ...attentionHint(checked) } },
          ),
        onError: (error) => setOutcome({ problem: toProblem(error) }),
      },
    );
  }

  return (
    <>
      <PageHeader title={t('sources.page.title')} lede={t('sources.page.lede')} />
      <InlineProblem problem={loadProblem} />
      <OutcomeBanner outcome={outcome} onDismiss={() => setOutcome(undefined)} />
      {flow ? (
        <div className="card sources-waiting" role="status" aria-live="polite">
          <p>
            <strong>{t('sources.flow.waiting', { provider: providerNames[flow.provider] })}</strong>
          </p>
          <p className="muted small">{t('sources.flow.opened', { where: flow.openedExternally ? 'browser' : 'tab' })}</p>
          <div className="buttons">
            <a className="button-link" href={flow.authorizeUrl} target="_blank" rel="noopener noreferrer">
              {t('sources.flow.openPage', { provider: providerNames[flow.provider] })}
            </a>
            <button type="button" className="ghost" onClick={cancel}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {loaded && sources.length === 0 && !flow ? (
        <EmptyState title={t('sources.empty.title')}>
          <p>{t('sources.empty.body')}</p>
        </EmptyState>
      ) : null}
      <table className="table sources-table" aria-label={t('sources.table.label')}>
        <thead>
          <tr>
            <th scope="col">{t('sources.table.platform')}</th>
            <th scope="col">{t('sources.table.bindings')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('sources.table.actions')}</span>
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
                      <span className="muted">{t(p.how)}</span> <span className="badge">{t('sources.notBound')}</span>
                    </>
                  ) : (
                    <SourceBindings bound={bound} checking={checkSource.isPending ? checkSource.variables?.id : undefined} onCheck={check} onUnbind={setUnbinding} />
                  )}
                </td>
                <td className="actions">
                  {p.id === 'gitlab' ? (
                    <button type="button" onClick={() => (setOutcome(undefined), setGitlabOpen(true))}>
                      {t('sources.bindAccount')}
                    </button>
                  ) : (
                    <button type="button" onClick={() => void bind(p.id as OAuthProvider)} disabled={flow?.provider === p.id}>
                      {t('sources.bindAccount')}
                    </button>
                  )}
                  {p.id === 'github' ? (
                    <button type="button" className="ghost" onClick={() => setEnterprise('')}>
                      {t('sources.enterprise.open')}
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
          aria-label={t('sources.enterprise.title')}
          onSubmit={(e) => {
            e.preventDefault();
            void bind('github', enterprise, enterpriseCa).then((started) => started && setEnterprise(undefined));
          }}
        >
          <h2>{t('sources.enterprise.title')}</h2>
          <label className="field">
            {t('sources.enterprise.address')}
            <input className="wide" value={enterprise} onChange={(e) => setEnterprise(e.target.value)} placeholder={t('sources.enterprise.addressPlaceholder')} spellCheck={false} />
          </label>
          <label className="field">
            {t('sources.caCert.label')}
            <textarea className="wide mono" rows={3} value={enterpriseCa} onChange={(e) => setEnterpriseCa(e.target.value)} placeholder={t('sources.caCert.placeholder')} spellCheck={false} />
          </label>
          <p className="muted small">{t('sources.enterprise.note')}</p>
          <div className="buttons">
            <button type="submit">{t('sources.bindAccount')}</button>
            <button type="button" className="ghost" onClick={() => setEnterprise(undefined)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {gitlabOpen ? (
        <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
          <GitlabBindForm
            onSubmit={() => setOutcome(undefined)}
            onDone={(source) => {
              setGitlabOpen(false);
              if (source) setOutcome({ notice: t('sources.outcome.gitlabBound', { login: source.login, host: sourceHost(source) }) });
            }}
          />
        </Suspense>
      ) : null}
      <OAuthAppsSection />
    </>
  );
}

function UnbindPanel({ source, onCancel, onConfirm }: { readonly source: CodeSource; readonly onCancel: () => void; readonly onConfirm: (revokeToken: boolean) => void }) {
  const { t } = useT();
  const [revoke, setRevoke] = useState(false);
  return (
    <div className="card form" role="dialog" aria-label={t('sources.unbind.label', { login: source.login })}>
      <p>
        <FormattedMessage
          id="sources.unbind.question"
          values={{ login: source.login, provider: providerNames[source.provider], host: sourceHost(source), b: (chunks) => <strong>{chunks}</strong> }}
        />
      </p>
      {source.provider === 'gitlab' ? (
        <label className="check">
          <input type="checkbox" checked={revoke} onChange={(e) => setRevoke(e.target.checked)} /> {t('sources.unbind.revokeGitlab')}
        </label>
      ) : source.provider === 'github' ? (
        <p className="muted small">{t('sources.unbind.githubNote')}</p>
      ) : null}
      <div className="buttons">
        <button type="button" className="danger" onClick={() => onConfirm(revoke)}>
          {t('sources.unbind.confirm')}
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

/** Why a checked binding needs attention, worded from core's phrase when it sent one. */
function attentionHint(checked: CodeSource): Pick<Problem, 'hint'> {
  const hint = checked.hintPhrase ?? checked.hint;
  return hint ? { hint } : {};
}
