import { useState } from 'react';
import { InlineProblem } from '../../components/InlineProblem';
import { useCatalog } from '../../app/context';
import type { Problem } from '../../store/app-store';

/** Namespaces with their two settings, editable in place. */
export function NamespaceList() {
  const namespaces = useCatalog((s) => s.namespaces);
  const registries = useCatalog((s) => s.registries);
  const update = useCatalog((s) => s.updateNamespace);
  const remove = useCatalog((s) => s.deleteNamespace);
  const [problem, setProblem] = useState<Problem | undefined>();
  if (namespaces.length === 0) return null;
  const report = (o: { ok: boolean; problem?: Problem }) => setProblem(o.ok ? undefined : o.problem);
  return (
    <section className="card" aria-labelledby="namespaces-heading">
      <h2 id="namespaces-heading">Namespaces</h2>
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
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
                  <input type="checkbox" aria-label={`Automatically create repository in ${label}`} checked={n.autoCreateRepository} onChange={(e) => void update({ id: n.id, autoCreateRepository: e.target.checked }).then(report)} />
                </td>
                <td>
                  <select aria-label={`Default repository type of ${label}`} value={n.defaultRepositoryType} onChange={(e) => void update({ id: n.id, defaultRepositoryType: e.target.value as 'public' | 'private' }).then(report)}>
                    <option value="private">Private</option>
                    <option value="public">Public</option>
                  </select>
                </td>
                <td className="actions">
                  <button type="button" className="ghost danger" aria-label={`Delete namespace ${label}`} onClick={() => window.confirm(`Delete the namespace ${label} from Slipway?`) && void remove(n.id).then(report)}>
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
