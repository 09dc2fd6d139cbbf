import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { buildStatuses, type BuildStatus } from '../../../../shared/models/build-status';
import { EmptyState } from '../../components/EmptyState';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractQuery } from '../../api/hooks';
import { useCatalog } from '../../app/context';
import { useHashDetail } from '../../app/use-hash-detail';
import { useT } from '../../i18n/use-t';
import { BuildDetail } from './BuildDetail';
import { BuildTable } from './BuildTable';
import { PausedNotice } from './PausedNotice';
import { statusKey } from './build-words';
import { LoadMore } from '../../components/LoadMore';
import { useBuildHistory } from './use-builds';

export function BuildsPage() {
  const detail = useHashDetail();
  return detail ? <BuildDetail key={detail} id={detail} /> : <BuildHistory />;
}

function BuildHistory() {
  const concurrent = useContractQuery('settings:get', {}).data?.concurrentBuilds;
  const repositories = useCatalog((s) => s.repositories);
  const { t } = useT();
  const [status, setStatus] = useState<BuildStatus | ''>('');
  const [repositoryId, setRepositoryId] = useState('');
  const [ref, setRef] = useState('');
  const history = useBuildHistory({ status: status || undefined, repositoryId: repositoryId || undefined, ref: ref.trim() || undefined });
  const { items: builds, problem } = history;
  const filtered = status !== '' || repositoryId !== '' || ref.trim() !== '';
  return (
    <>
      <header className="page-header">
        <h1>{t('builds.page.title')}</h1>
        <p className="lede">{concurrent ? t('builds.page.ledeConcurrent', { count: concurrent }) : t('builds.page.lede')}</p>
      </header>
      <PausedNotice />
      <InlineProblem problem={problem} />
      <div className="toolbar filters" role="search" aria-label={t('builds.filter.label')}>
        <label>
          <span className="filter-label">{t('builds.filter.status')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as BuildStatus | '')}>
            <option value="">{t('builds.filter.any')}</option>
            {buildStatuses.map((value) => (
              <option key={value} value={value}>
                {t(statusKey[value])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="filter-label">{t('builds.filter.repository')}</span>
          <select value={repositoryId} onChange={(e) => setRepositoryId(e.target.value)}>
            <option value="">{t('builds.filter.any')}</option>
            {repositories.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="filter-label">{t('builds.filter.ref')}</span>
          <input value={ref} onChange={(e) => setRef(e.target.value)} placeholder={t('builds.filter.refPlaceholder')} />
        </label>
      </div>
      {builds === undefined ? (
        <p className="muted" role="status">
          {t('builds.page.loading')}
        </p>
      ) : builds.length === 0 ? (
        filtered ? (
          <p className="muted">{t('builds.page.noMatch')}</p>
        ) : (
          <EmptyState title={t('builds.page.emptyTitle')}>
            <p>
              <FormattedMessage id="builds.page.emptyBody" values={{ strong: (chunks) => <strong>{chunks}</strong> }} />
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <BuildTable builds={builds} label={t('builds.page.tableLabel')} />
          <LoadMore pages={history} label={t('builds.page.loadMore')} loading={t('builds.page.loadingMore')} />
        </>
      )}
    </>
  );
}
