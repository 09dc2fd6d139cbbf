import { ListSection } from '../../components/ListSection';
import { LoadMore } from '../../components/LoadMore';
import { useT } from '../../i18n/use-t';
import { BuildTable } from './BuildTable';
import { useBuildHistory } from './use-builds';

/** The builds of one image repository, 50 a page with the older ones on request, live. */
export function RepositoryBuilds({ repositoryId }: { readonly repositoryId: string }) {
  const history = useBuildHistory({ repositoryId });
  const { t } = useT();
  return (
    <ListSection title={t('builds.repository.title')} action={<a href="#/builds">{t('builds.repository.all')}</a>} problem={history.problem} items={history.items} empty={t('builds.repository.empty')}>
      {(list) => (
        <>
          <BuildTable builds={list} label={t('builds.repository.tableLabel')} showRepository={false} />
          <LoadMore pages={history} label={t('builds.page.loadMore')} loading={t('builds.page.loadingMore')} />
        </>
      )}
    </ListSection>
  );
}
