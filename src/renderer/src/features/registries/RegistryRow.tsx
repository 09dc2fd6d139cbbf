import type { Registry } from '../../../../shared/models/registry';
import { useContractMutation } from '../../api/hooks';
import { toProblem } from '../../api/problem';
import { useConfirm } from '../../components/ConfirmDialog';
import type { Outcome } from '../../components/Outcome';
import { InlineProblem } from '../../components/InlineProblem';
import { useT } from '../../i18n/use-t';

interface Props {
  readonly registry: Registry;
  readonly onEdit: () => void;
  /** Docker login results share one slot with the logout results of the section below. */
  readonly onDockerOutcome: (outcome: Outcome) => void;
}

/** One registry with its own connection test, docker login and delete, each result beside it. */
export function RegistryRow({ registry: r, onEdit, onDockerOutcome }: Props) {
  const { word } = useT();
  const test = useContractMutation('registries:test');
  const login = useContractMutation('dockerLogin:login');
  const remove = useContractMutation('registries:delete');
  const confirm = useConfirm();
  // A test result belongs to the address and login it tested: an edit makes it stale.
  const tested = test.variables?.id === r.id ? test : undefined;
  const report = tested?.isPending ? 'testing' : tested?.data ?? (tested?.error ? { ok: false, ...toProblem(tested.error) } : undefined);

  const logIn = () => {
    onDockerOutcome(undefined);
    login.mutate({ registryId: r.id, tool: 'docker' }, { onSuccess: (result) => onDockerOutcome({ notice: result.message }), onError: (error) => onDockerOutcome({ problem: toProblem(error) }) });
  };
  const askDelete = async () => {
    const ok = await confirm({
      title: `Delete the registry “${r.name}”?`,
      body: 'Its namespaces and image repositories in Slipway go too. Nothing is deleted in the registry itself.',
      confirmLabel: 'Delete registry',
      danger: true,
    });
    if (ok) remove.mutate({ id: r.id });
  };

  return (
    <tr>
      <td>{r.name}</td>
      <td>
        <code>{r.endpoint}</code> {r.insecure ? <span className="badge">HTTP</span> : null} {r.hasCaCert ? <span className="badge">own CA</span> : null}
      </td>
      <td>{r.username ? `${r.username}${r.hasPassword ? ' · password saved' : ''}` : <span className="muted">anonymous</span>}</td>
      <td aria-live="polite">
        {report === undefined ? (
          <span className="muted">Not tested</span>
        ) : report === 'testing' ? (
          'Testing…'
        ) : report.ok ? (
          <span className="ok">{report.message}</span>
        ) : (
          <span className="warn">
            {word(report.message)}
            {report.hint ? <span className="hint">{word(report.hint)}</span> : null}
          </span>
        )}
      </td>
      <td className="actions">
        <button type="button" className="ghost" onClick={() => test.mutate({ id: r.id })} disabled={test.isPending}>
          Test connection
        </button>{' '}
        {r.username ? (
          <>
            <button type="button" className="ghost" aria-label={`Log in local Docker to ${r.name}`} disabled={login.isPending} onClick={logIn}>
              {login.isPending ? 'Logging in…' : 'Log in local Docker'}
            </button>{' '}
          </>
        ) : null}
        <button type="button" className="ghost" aria-label={`Edit ${r.name}`} onClick={onEdit}>
          Edit
        </button>{' '}
        <button type="button" className="ghost danger" aria-label={`Delete ${r.name}`} disabled={remove.isPending} onClick={() => void askDelete()}>
          Delete
        </button>
        <InlineProblem problem={remove.problem} onDismiss={remove.reset} />
      </td>
    </tr>
  );
}
