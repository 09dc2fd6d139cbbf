import type { LocalDockerStatus, LocalLogin } from '../../../../shared/models/docker-login';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { toProblem } from '../../api/problem';
import { useConfirm } from '../../components/ConfirmDialog';
import { InlineProblem } from '../../components/InlineProblem';
import type { Outcome } from '../../components/Outcome';

/**
 * Every registry the local docker (and podman) is logged into, each login checked against the
 * registry, with the file and helper that hold it; plus the engine and contexts docker uses.
 * A logout reports in the page's docker slot, replacing the login message it contradicts.
 */
export function LocalDockerSection({ onOutcome }: { readonly onOutcome: (outcome: Outcome) => void }) {
  const statusQuery = useContractQuery('dockerLogin:status', {});
  const status = statusQuery.data;
  const logout = useContractMutation('dockerLogin:logout');
  const confirm = useConfirm();

  const logOut = async (login: LocalLogin) => {
    const ok = await confirm({ title: `Log ${login.tool} out of ${login.server}?`, body: 'Other logins stay as they are.', confirmLabel: 'Log out', danger: true });
    if (!ok) return;
    onOutcome(undefined);
    logout.mutate({ server: login.server, tool: login.tool }, { onSuccess: (result) => onOutcome({ notice: result.message }), onError: (error) => onOutcome({ problem: toProblem(error) }) });
  };

  return (
    <section className="card" aria-labelledby="local-docker-title">
      <div className="section-header">
        <h2 id="local-docker-title">Local Docker logins</h2>
        <button type="button" className="ghost" onClick={() => void statusQuery.refetch()} disabled={statusQuery.isFetching}>
          {statusQuery.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {status ? (
        <p className="muted">
          Your docker reads <code>{status.configPath}</code>
          {status.configExists ? '' : ' (not created yet)'}
          {status.credsStore ? (
            <>
              {' '}
              and keeps passwords in <code>docker-credential-{status.credsStore}</code>
            </>
          ) : null}
          . It talks to <code>{status.engine.endpoint}</code> ({engineSource(status)}).
        </p>
      ) : null}
      <InlineProblem problem={statusQuery.problem} />
      {status?.problems.map((p) => <InlineProblem key={p.message} problem={{ message: p.message, hint: p.hint }} />)}
      {status && status.logins.length === 0 ? (
        <p className="empty-line">Docker is not logged in to any registry yet. Use “Log in local Docker” on a registry above: Slipway checks the login first, then writes it where docker looks.</p>
      ) : null}
      {status && status.logins.length > 0 ? (
        <table className="table" aria-label="Local Docker logins">
          <thead>
            <tr>
              <th scope="col">Registry</th>
              <th scope="col">Tool</th>
              <th scope="col">User</th>
              <th scope="col">Kept in</th>
              <th scope="col">Login</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status.logins.map((login) => (
              <tr key={`${login.tool} ${login.server}`}>
                <td>
                  <code>{login.server}</code>
                  {login.registryName ? <span className="badge">in Slipway: {login.registryName}</span> : null}
                </td>
                <td>{login.tool}</td>
                <td>{login.username ?? <span className="muted">unknown</span>}</td>
                <td>{login.holder.kind === 'helper' ? <code>docker-credential-{login.holder.name}</code> : <code>{login.holder.name}</code>}</td>
                <td>
                  {login.check.state === 'works' ? (
                    <span className="ok">Works</span>
                  ) : (
                    <span className="warn">
                      {login.check.message}
                      {login.check.hint ? <span className="hint">{login.check.hint}</span> : null}
                    </span>
                  )}
                </td>
                <td className="actions">
                  <button type="button" className="ghost" aria-label={`Log ${login.tool} out of ${login.server}`} onClick={() => void logOut(login)}>
                    Log out
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {status && status.contexts.length > 1 ? (
        <p className="muted">
          Docker contexts:{' '}
          {status.contexts.map((c) => (
            <span key={c.name} className="badge">
              {c.name}
              {c.current ? ' (current)' : ''}
            </span>
          ))}{' '}
          — Slipway shows them and never switches them.
        </p>
      ) : null}
    </section>
  );
}

function engineSource(status: LocalDockerStatus): string {
  switch (status.engine.source) {
    case 'DOCKER_HOST':
      return 'from DOCKER_HOST';
    case 'DOCKER_CONTEXT':
      return `context ${status.engine.contextName ?? ''} from DOCKER_CONTEXT`;
    case 'current-context':
      return `context ${status.engine.contextName ?? ''}`;
    default:
      return 'the default socket';
  }
}
