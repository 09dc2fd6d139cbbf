import { ListSection } from '../../components/ListSection';
import { useT } from '../../i18n/use-t';
import { BuildTable } from './BuildTable';
import { useBuilds } from './use-builds';

/** The latest builds of one image repository, live. */
export function RepositoryBuilds({ repositoryId }: { readonly repositoryId: string }) {
  const { builds, problem } = useBuilds({ repositoryId }, 20);
  const { t } = useT();
  return (
    <ListSection title={t('builds.repository.title')} action={<a href="#/builds">{t('builds.repository.all')}</a>} problem={problem} items={builds} empty={t('builds.repository.empty')}>
      {(list) => <BuildTable builds={list} label={t('builds.repository.tableLabel')} showRepository={false} />}
    </ListSection>
  );
}
