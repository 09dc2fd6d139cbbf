import type { Registry } from '../../../../shared/models/registry';
import { useContractMutation } from '../../api/hooks';
import { problemOf, toProblem } from '../../api/problem';
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
  const { t, word } = useT();
  const test = useContractMutation('registries:test');
  const login = useContractMutation('dockerLogin:login');
  const remove = useContractMutation('registries:delete');
  const confirm = useConfirm();
  // A test result belongs to the address and login it tested: an edit makes it stale.
  const tested = test.variables?.id === r.id ? test : undefined;
  const report = tested?.isPending ? 'testing' : tested?.data ? { ok: tested.data.ok, ...problemOf(tested.data) } : tested?.error ? { ok: false, ...toProblem(tested.error) } : undefined;

  const logIn = () => {
    onDockerOutcome(undefined);
    login.mutate({ registryId: r.id, tool: 'docker' }, { onSuccess: (result) => onDockerOutcome({ notice: result.message }), onError: (error) => onDockerOutcome({ problem: toProblem(error) }) });
  };
  const askDelete = async () => {
    const ok = await confirm({
      title: t('registries.delete.title', { name: r.name }),
      body: t('registries.delete.body'),
      confirmLabel: t('registries.delete.confirm'),
      danger: true,
    });
    if (ok) remove.mutate({ id: r.id });
  };

  return (
    <tr>
      <td>{r.name}</td>
      <td>
        <code>{r.endpoint}</code> {r.insecure ? <span className="badge">{t('registries.row.http')}</span> : null} {r.hasCaCert ? <span className="badge">{t('registries.row.ownCa')}</span> : null}
      </td>
      <td>{r.username ? (r.hasPassword ? t('registries.row.userWithPassword', { username: r.username }) : r.username) : <span className="muted">{t('registries.row.anonymous')}</span>}</td>
      <td aria-live="polite">
        {report === undefined ? (
          <span className="muted">{t('registries.row.notTested')}</span>
        ) : report === 'testing' ? (
          t('registries.row.testing')
        ) : report.ok ? (
          <span className="ok">{word(report.message)}</span>
        ) : (
          <span className="warn">
            {word(report.message)}
            {report.hint ? <span className="hint">{word(report.hint)}</span> : null}
          </span>
        )}
      </td>
      <td className="actions">
        <button type="button" className="ghost" onClick={() => test.mutate({ id: r.id })} disabled={test.isPending}>
          {t('registries.row.test')}
        </button>
        {r.username ? (
          <>
            <button type="button" className="ghost" aria-label={t('registries.row.dockerLoginLabel', { name: r.name })} disabled={login.isPending} onClick={logIn}>
              {login.isPending ? t('registries.row.dockerLoggingIn') : t('registries.row.dockerLogin')}
            </button>
          </>
        ) : null}
        <button type="button" className="ghost" aria-label={t('registries.row.editLabel', { name: r.name })} onClick={onEdit}>
          {t('common.edit')}
        </button>
        <button type="button" className="ghost danger" aria-label={t('registries.row.deleteLabel', { name: r.name })} disabled={remove.isPending} onClick={() => void askDelete()}>
          {t('common.delete')}
        </button>
        <InlineProblem problem={remove.problem} onDismiss={remove.reset} />
      </td>
    </tr>
  );
}
