import { FormattedMessage } from 'react-intl';
import { phrase } from '../../../../shared/i18n/phrase';
import type { Build } from '../../../../shared/models/build';
import { useCatalog } from '../../app/context';
import { useFormats } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { statusKey } from './build-words';
import { buildDurationMs, useNow } from './use-builds';

/** Build rows; each opens the build's page (log, steps, tags). */
export function BuildTable({ builds, label, showRepository = true }: { readonly builds: readonly Build[]; readonly label: string; readonly showRepository?: boolean }) {
  const repositories = useCatalog((s) => s.repositories);
  const now = useNow(builds.some((b) => b.status === 'running'));
  const { t } = useT();
  const formats = useFormats();
  const repositoryName = (id: string) => repositories.find((r) => r.id === id)?.name;
  return (
    <table className="table builds" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('builds.table.build')}</th>
          <th scope="col">{t('builds.table.status')}</th>
          {showRepository ? <th scope="col">{t('builds.table.repository')}</th> : null}
          <th scope="col">{t('builds.table.ref')}</th>
          <th scope="col">{t('builds.table.commit')}</th>
          <th scope="col">{t('builds.table.tags')}</th>
          <th scope="col" className="num">
            {t('builds.table.duration')}
          </th>
          <th scope="col">{t('builds.table.started')}</th>
        </tr>
      </thead>
      <tbody>
        {builds.map((b) => {
          const ms = buildDurationMs(b, now);
          const repository = repositoryName(b.repositoryId);
          return (
            <tr key={b.id} data-status={b.status}>
              <td className="nowrap">
                <a
                  href={`#/builds/${b.id}`}
                  aria-label={repository === undefined ? t('builds.table.openBuild', { number: b.number }) : t('builds.table.openBuildOf', { number: b.number, repository })}
                >
                  {t('builds.number', { number: b.number })}
                </a>
                {b.trigger !== 'push' ? <span className="muted small build-trigger">{t('builds.table.trigger', { how: phrase('builds.trigger', { how: b.trigger }) })}</span> : null}
              </td>
              <td className="nowrap">
                <span className={`status status-${b.status}`}>{t(statusKey[b.status])}</span>
              </td>
              {showRepository ? <td>{repository ?? t('builds.table.none')}</td> : null}
              <td>
                <FormattedMessage id="builds.ref" values={{ kind: b.ref.kind, name: b.ref.name, muted: (chunks) => <span className="muted small">{chunks}</span> }} />
              </td>
              <td>
                <code title={b.commitMessage ?? undefined}>{b.commit.slice(0, 7)}</code>
              </td>
              <td>
                {b.tags.map((tag) => (
                  <span className="tag-chip" key={tag.tag} title={tag.reference}>
                    {tag.tag}
                  </span>
                ))}
              </td>
              <td className="nowrap num">{ms === null ? t('builds.table.none') : formats.duration(ms)}</td>
              {/* The start time may wrap between date and time: kept on one line it pushed the table past a 1280 px window after 10 o'clock in a long locale. */}
              <td title={b.createdAt}>
                {formats.dateTime(b.startedAt ?? b.createdAt)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
