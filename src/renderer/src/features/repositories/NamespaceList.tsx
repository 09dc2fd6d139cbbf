import { useContractMutation } from '../../api/hooks';
import { useConfirm } from '../../components/ConfirmDialog';
import { InlineProblem } from '../../components/InlineProblem';
import { useCatalog } from '../../app/context';
import { useT } from '../../i18n/use-t';

/** Namespaces with their two settings, editable in place. */
export function NamespaceList() {
  const { t } = useT();
  const namespaces = useCatalog((s) => s.namespaces);
  const registries = useCatalog((s) => s.registries);
  const update = useContractMutation('namespaces:update');
  const remove = useContractMutation('namespaces:delete');
  const confirm = useConfirm();
  if (namespaces.length === 0) return null;
  const askDelete = async (id: string, label: string) => {
    if (await confirm({ title: t('repositories.namespaces.deleteTitle', { label }), body: t('repositories.namespaces.deleteBody'), confirmLabel: t('repositories.namespaces.deleteConfirm'), danger: true })) remove.mutate({ id });
  };
  return (
    <section className="card" aria-labelledby="namespaces-heading">
      <h2 id="namespaces-heading">{t('repositories.namespaces.title')}</h2>
      <InlineProblem problem={update.problem ?? remove.problem} onDismiss={() => (update.reset(), remove.reset())} />
      <table className="table" aria-label={t('repositories.namespaces.title')}>
        <thead>
          <tr>
            <th scope="col">{t('repositories.namespaces.namespace')}</th>
            <th scope="col">{t('repositories.namespaces.autoCreate')}</th>
            <th scope="col">{t('repositories.namespaces.defaultType')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('repositories.namespaces.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {namespaces.map((n) => {
            const label = `${registries.find((r) => r.id === n.registryId)?.endpoint ?? ''}/${n.name}`;
            return (
              <tr key={n.id}>
                <td>
                  <code>{label}</code>
                </td>
                <td>
                  <input type="checkbox" aria-label={t('repositories.namespaces.autoCreateLabel', { label })} checked={n.autoCreateRepository} onChange={(e) => update.mutate({ id: n.id, autoCreateRepository: e.target.checked })} />
                </td>
                <td>
                  <select aria-label={t('repositories.namespaces.defaultTypeLabel', { label })} value={n.defaultRepositoryType} onChange={(e) => update.mutate({ id: n.id, defaultRepositoryType: e.target.value as 'public' | 'private' })}>
                    <option value="private">{t('repositories.type.private')}</option>
                    <option value="public">{t('repositories.type.public')}</option>
                  </select>
                </td>
                <td className="actions">
                  <button type="button" className="ghost danger" aria-label={t('repositories.namespaces.deleteLabel', { label })} onClick={() => void askDelete(n.id, label)}>
                    {t('common.delete')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
