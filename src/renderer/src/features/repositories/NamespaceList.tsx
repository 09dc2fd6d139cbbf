import { useContractMutation } from '../../api/hooks';
import { useConfirm } from '../../components/ConfirmDialog';
import { InlineProblem } from '../../components/InlineProblem';
import { useCatalog } from '../../app/context';

/** Namespaces with their two settings, editable in place. */
export function NamespaceList() {
  const namespaces = useCatalog((s) => s.namespaces);
  const registries = useCatalog((s) => s.registries);
  const update = useContractMutation('namespaces:update');
  const remove = useContractMutation('namespaces:delete');
  const confirm = useConfirm();
  if (namespaces.length === 0) return null;
  const askDelete = async (id: string, label: string) => {
    if (await confirm({ title: `Delete the namespace ${label} from Slipway?`, body: 'Nothing is deleted in the registry itself.', confirmLabel: 'Delete namespace', danger: true })) remove.mutate({ id });
  };
  return (
    <section className="card" aria-labelledby="namespaces-heading">
      <h2 id="namespaces-heading">Namespaces</h2>
      <InlineProblem problem={update.problem ?? remove.problem} onDismiss={() => (update.reset(), remove.reset())} />
      <table className="table" aria-label="Namespaces">
        <thead>
          <tr>
            <th scope="col">Namespace</th>
            <th scope="col">Automatically create repository</th>
            <th scope="col">Default repository type</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
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
                  <input type="checkbox" aria-label={`Automatically create repository in ${label}`} checked={n.autoCreateRepository} onChange={(e) => update.mutate({ id: n.id, autoCreateRepository: e.target.checked })} />
                </td>
                <td>
                  <select aria-label={`Default repository type of ${label}`} value={n.defaultRepositoryType} onChange={(e) => update.mutate({ id: n.id, defaultRepositoryType: e.target.value as 'public' | 'private' })}>
                    <option value="private">Private</option>
                    <option value="public">Public</option>
                  </select>
                </td>
                <td className="actions">
                  <button type="button" className="ghost danger" aria-label={`Delete namespace ${label}`} onClick={() => void askDelete(n.id, label)}>
                    Delete
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
