import { useState } from 'react';
import type { BuildStatus } from '../../../../shared/models/build';
import { EmptyState } from '../../components/EmptyState';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractQuery } from '../../api/hooks';
import { useCatalog } from '../../app/context';
import { useHashDetail } from '../../app/use-hash-detail';
import { BuildDetail } from './BuildDetail';
import { BuildTable } from './BuildTable';
import { PausedNotice } from './PausedNotice';
import { statusLabel, useBuilds } from './use-builds';

export function BuildsPage() {
  const detail = useHashDetail();
  return detail ? <BuildDetail key={detail} id={detail} /> : <BuildHistory />;
}

function BuildHistory() {
  const concurrent = useContractQuery('settings:get', {}).data?.concurrentBuilds;
  const repositories = useCatalog((s) => s.repositories);
  const [status, setStatus] = useState<BuildStatus | ''>('');
  const [repositoryId, setRepositoryId] = useState('');
  const [ref, setRef] = useState('');
  const { builds, problem } = useBuilds({ status: status || undefined, repositoryId: repositoryId || undefined, ref: ref.trim() || undefined });
  const filtered = status !== '' || repositoryId !== '' || ref.trim() !== '';
  return (
    <>
      <header className="page-header">
        <h1>Builds</h1>
        <p className="lede">
          Every build, queued, running and finished{concurrent ? `; up to ${concurrent} run at once` : ''}.
        </p>
      </header>
      <PausedNotice />
      <InlineProblem problem={problem} />
      <div className="toolbar filters" role="search" aria-label="Filter builds">
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as BuildStatus | '')}>
            <option value="">Any</option>
            {Object.entries(statusLabel).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Repository{' '}
          <select value={repositoryId} onChange={(e) => setRepositoryId(e.target.value)}>
            <option value="">Any</option>
            {repositories.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Branch or tag <input value={ref} onChange={(e) => setRef(e.target.value)} placeholder="main" />
        </label>
      </div>
      {builds === undefined ? (
        <p className="muted" role="status">
          Loading builds…
        </p>
      ) : builds.length === 0 ? (
        filtered ? (
          <p className="muted">No build matches these filters.</p>
        ) : (
          <EmptyState title="No builds yet">
            <p>
              A build starts when a push matches a build rule of an image repository, or when you press <strong>Build</strong> on a rule. Bind a code
              repository to an image repository, add a rule, then push.
            </p>
          </EmptyState>
        )
      ) : (
        <BuildTable builds={builds} label="Builds" />
      )}
    </>
  );
}
