import type { Build } from '../../../../shared/models/build';
import { useCatalog } from '../../app/context';
import { duration, statusLabel, useNow } from './use-builds';

/** Build rows; each opens the build's page (log, steps, tags). */
export function BuildTable({ builds, label, showRepository = true }: { readonly builds: readonly Build[]; readonly label: string; readonly showRepository?: boolean }) {
  const repositories = useCatalog((s) => s.repositories);
  const now = useNow(builds.some((b) => b.status === 'running'));
  return (
    <table className="table builds" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Build</th>
          <th scope="col">Status</th>
          {showRepository ? <th scope="col">Repository</th> : null}
          <th scope="col">Ref</th>
          <th scope="col">Commit</th>
          <th scope="col">Tags</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col">Started</th>
        </tr>
      </thead>
      <tbody>
        {builds.map((b) => (
          <tr key={b.id} data-status={b.status}>
            <td className="nowrap">
              <a href={`#/builds/${b.id}`} aria-label={`Build #${b.number} of ${repositories.find((r) => r.id === b.repositoryId)?.name ?? 'repository'}`}>
                #{b.number}
              </a>
              {b.trigger !== 'push' ? <span className="muted small"> · {b.trigger}</span> : null}
            </td>
            <td className="nowrap">
              <span className={`status status-${b.status}`}>{statusLabel[b.status]}</span>
            </td>
            {showRepository ? <td>{repositories.find((r) => r.id === b.repositoryId)?.name ?? '—'}</td> : null}
            <td>
              <span className="muted small">{b.ref.kind}</span> {b.ref.name}
            </td>
            <td>
              <code title={b.commitMessage ?? undefined}>{b.commit.slice(0, 7)}</code>
            </td>
            <td>
              {b.tags.map((t) => (
                <span className="tag-chip" key={t.tag} title={t.reference}>
                  {t.tag}
                </span>
              ))}
            </td>
            <td className="nowrap num">{duration(b, now)}</td>
            <td className="nowrap" title={b.createdAt}>
              {new Date(b.startedAt ?? b.createdAt).toLocaleString()}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
