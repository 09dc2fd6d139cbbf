import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useCatalog } from '../../app/context';
import { useHashDetail } from '../../app/use-hash-detail';
import { NamespaceForm } from './NamespaceForm';
import { NamespaceList } from './NamespaceList';
import { RepositoryDetail } from './RepositoryDetail';
import { RepositoryForm } from './RepositoryForm';
import { useT } from '../../i18n/use-t';

export function RepositoriesPage() {
  const { t } = useT();
  const detail = useHashDetail();
  const loaded = useCatalog((s) => s.loaded);
  const registries = useCatalog((s) => s.registries);
  const namespaces = useCatalog((s) => s.namespaces);
  const repositories = useCatalog((s) => s.repositories);
  const [form, setForm] = useState<'namespace' | 'repository' | undefined>();

  const selected = detail ? repositories.find((r) => r.id === detail) : undefined;
  if (selected) return <RepositoryDetail repository={selected} />;

  return (
    <>
      <header className="page-header">
        <h1>{t('repositories.page.title')}</h1>
        <p className="lede">{t('repositories.page.lede')}</p>
      </header>
      {loaded && registries.length === 0 ? (
        <EmptyState title={t('repositories.page.emptyTitle')} action={<a href="#/registries">{t('repositories.page.goToRegistries')}</a>}>
          <p>{t('repositories.page.noRegistryBody')}</p>
        </EmptyState>
      ) : (
        <>
          <div className="toolbar buttons">
            <button type="button" onClick={() => setForm('namespace')} disabled={form !== undefined}>
              {t('repositories.page.newNamespace')}
            </button>
            <button type="button" onClick={() => setForm('repository')} disabled={form !== undefined || namespaces.length === 0} title={namespaces.length === 0 ? t('repositories.page.namespaceFirst') : undefined}>
              {t('repositories.page.newRepository')}
            </button>
          </div>
          {form === 'namespace' ? <NamespaceForm onDone={() => setForm(undefined)} /> : null}
          {form === 'repository' ? (
            <RepositoryForm
              onDone={(id) => {
                setForm(undefined);
                if (id) window.location.hash = `#/repositories/${id}`;
              }}
            />
          ) : null}
          {loaded && repositories.length === 0 && form === undefined ? (
            <EmptyState title={t('repositories.page.emptyTitle')}>
              <p>{namespaces.length === 0 ? t('repositories.page.noNamespaceBody') : t('repositories.page.noRepositoryBody')}</p>
            </EmptyState>
          ) : null}
          {repositories.length > 0 ? (
            <table className="table" aria-label={t('repositories.page.tableLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('repositories.page.repository')}</th>
                  <th scope="col">{t('repositories.page.type')}</th>
                  <th scope="col">{t('repositories.page.summary')}</th>
                  <th scope="col">{t('repositories.page.autoBuild')}</th>
                </tr>
              </thead>
              <tbody>
                {repositories.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={`#/repositories/${r.id}`}>{r.reference}</a>
                    </td>
                    <td>{r.type === 'public' ? t('repositories.type.public') : t('repositories.type.private')}</td>
                    <td className="muted">{r.summary}</td>
                    <td>{r.autoBuild ? t('repositories.page.on') : t('repositories.page.off')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <NamespaceList />
        </>
      )}
    </>
  );
}
