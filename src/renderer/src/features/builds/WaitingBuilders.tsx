import type { Build } from '../../../../shared/models/build';
import { useContractQuery } from '../../api/hooks';
import { useT } from '../../i18n/use-t';
import { BuilderHealthLine } from '../settings/BuilderHealthLine';

/**
 * A queued build waits for the builders its repository may use: each with its load and health, so
 * "why has this not started?" is answered on the build page, not only in Settings.
 */
export function WaitingBuilders({ build }: { readonly build: Build }) {
  const { t } = useT();
  const repository = useContractQuery('repositories:get', { id: build.repositoryId });
  const builders = useContractQuery('builders:list', {});
  const pool = repository.data?.builderPool;
  if (!pool || !builders.data) return <p className="muted">{t('builds.detail.whereQueued')}</p>;
  const candidates = builders.data.filter((b) => pool === 'any' || pool.includes(b.id));
  return (
    <>
      <p className="muted">{t('builds.detail.waitingFor', { count: candidates.length })}</p>
      <ul className="build-placements" data-testid="waiting-builders">
        {candidates.map((b) => (
          <li key={b.id} data-builder={b.id} className="waiting-builder">
            <strong>{b.id === 'local' ? t('builds.builder.local') : b.name}</strong>
            <span>{t('settings.builders.loadLine', { running: b.load.running, capacity: b.capacity, waiting: b.load.waiting })}</span>
            <BuilderHealthLine health={b.health} onRestOver={() => void builders.refetch()} />
          </li>
        ))}
      </ul>
    </>
  );
}
