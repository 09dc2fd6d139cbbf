import { FormattedMessage } from 'react-intl';
import type { LocalDockerStatus, LocalLogin } from '../../../../shared/models/docker-login';
import type { MessageKey } from '../../../../shared/i18n/catalogs';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { problemOf, toProblem } from '../../api/problem';
import { useT } from '../../i18n/use-t';
import { useConfirm } from '../../components/ConfirmDialog';
import { InlineProblem } from '../../components/InlineProblem';
import type { Outcome } from '../../components/Outcome';

/**
 * Every registry the local docker (and podman) is logged into, each login checked against the
 * registry, with the file and helper that hold it; plus the engine and contexts docker uses.
 * A logout reports in the page's docker slot, replacing the login message it contradicts.
 */
export function LocalDockerSection({ onOutcome }: { readonly onOutcome: (outcome: Outcome) => void }) {
  const { t, word } = useT();
  const statusQuery = useContractQuery('dockerLogin:status', {});
  const status = statusQuery.data;
  const logout = useContractMutation('dockerLogin:logout');
  const confirm = useConfirm();

  const logOut = async (login: LocalLogin) => {
    const ok = await confirm({
      title: t('localDocker.logout.title', { tool: login.tool, server: login.server }),
      body: t('localDocker.logout.body'),
      confirmLabel: t('localDocker.logout.confirm'),
      danger: true,
    });
    if (!ok) return;
    onOutcome(undefined);
    logout.mutate(
      { server: login.server, tool: login.tool },
      { onSuccess: (result) => onOutcome({ notice: result.phrase ? word(result.phrase) : result.message }), onError: (error) => onOutcome({ problem: toProblem(error) }) },
    );
  };

  return (
    <section className="card" aria-labelledby="local-docker-title">
      <div className="section-header">
        <h2 id="local-docker-title">{t('localDocker.title')}</h2>
        <button type="button" className="ghost" onClick={() => void statusQuery.refetch()} disabled={statusQuery.isFetching}>
          {statusQuery.isFetching ? t('localDocker.checking') : t('localDocker.checkAgain')}
        </button>
      </div>
      {status ? (
        <p className="muted">
          <FormattedMessage
            id="localDocker.config"
            values={{
              path: status.configPath,
              exists: status.configExists ? 'yes' : 'no',
              helper: status.credsStore ? `docker-credential-${status.credsStore}` : 'none',
              endpoint: status.engine.endpoint,
              source: t(engineSource(status), { context: status.engine.contextName ?? '' }),
              code: (chunks) => <code>{chunks}</code>,
            }}
          />
        </p>
      ) : null}
      <InlineProblem problem={statusQuery.problem} />
      {status?.problems.map((p) => <InlineProblem key={p.message} problem={problemOf(p)} />)}
      {status && status.logins.length === 0 ? <p className="empty-line">{t('localDocker.empty')}</p> : null}
      {status && status.logins.length > 0 ? (
        <table className="table" aria-label={t('localDocker.title')}>
          <thead>
            <tr>
              <th scope="col">{t('localDocker.table.registry')}</th>
              <th scope="col">{t('localDocker.table.tool')}</th>
              <th scope="col">{t('localDocker.table.user')}</th>
              <th scope="col">{t('localDocker.table.keptIn')}</th>
              <th scope="col">{t('localDocker.table.login')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('localDocker.table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status.logins.map((login) => (
              <tr key={`${login.tool} ${login.server}`}>
                <td>
                  <code>{login.server}</code>
                  {login.registryName ? <span className="badge">{t('localDocker.inSlipway', { name: login.registryName })}</span> : null}
                </td>
                <td>{login.tool}</td>
                <td>{login.username ?? <span className="muted">{t('localDocker.unknownUser')}</span>}</td>
                <td>
                  <code>{login.holder.kind === 'helper' ? `docker-credential-${login.holder.name}` : login.holder.name}</code>
                </td>
                <td>{login.check.state === 'works' ? <span className="ok">{t('localDocker.works')}</span> : <CheckProblem check={login.check} />}</td>
                <td className="actions">
                  <button type="button" className="ghost" aria-label={t('localDocker.logout.label', { tool: login.tool, server: login.server })} onClick={() => void logOut(login)}>
                    {t('localDocker.logout.confirm')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {status && status.contexts.length > 1 ? (
        <p className="muted">
          {t('localDocker.contexts')} <ContextBadges contexts={status.contexts} /> {t('localDocker.contextsNote')}
        </p>
      ) : null}
    </section>
  );
}

function ContextBadges({ contexts }: { readonly contexts: LocalDockerStatus['contexts'] }) {
  const { t } = useT();
  return contexts.map((c) => (
    <span key={c.name} className="badge">
      {c.current ? t('localDocker.currentContext', { name: c.name }) : c.name}
    </span>
  ));
}

function CheckProblem({ check }: { readonly check: LocalLogin['check'] }) {
  const { word } = useT();
  const problem = problemOf(check);
  return (
    <span className="warn">
      {word(problem.message)}
      {problem.hint ? <span className="hint">{word(problem.hint)}</span> : null}
    </span>
  );
}

function engineSource(status: LocalDockerStatus): MessageKey {
  switch (status.engine.source) {
    case 'DOCKER_HOST':
      return 'localDocker.engine.dockerHost';
    case 'DOCKER_CONTEXT':
      return 'localDocker.engine.dockerContext';
    case 'current-context':
      return 'localDocker.engine.currentContext';
    default:
      return 'localDocker.engine.defaultSocket';
  }
}
