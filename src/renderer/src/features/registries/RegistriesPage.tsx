import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { InlineProblem } from '../../components/InlineProblem';
import { OutcomeBanner, type Outcome } from '../../components/Outcome';
import { useCatalogView } from '../../api/catalog';
import { useT } from '../../i18n/use-t';
import { LocalDockerSection } from '../local-docker/LocalDockerSection';
import { RegistryForm } from './RegistryForm';
import { RegistryRow } from './RegistryRow';

export function RegistriesPage() {
  const { t } = useT();
  const { registries, loaded, problem } = useCatalogView();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | undefined>();
  const editedRegistry = registries.find((r) => r.id === editing);
  // Logging docker in (a registry row) and out (the section below) report here, one result at a time.
  const [dockerOutcome, setDockerOutcome] = useState<Outcome>();

  return (
    <>
      <header className="page-header">
        <h1>{t('registries.page.title')}</h1>
        <p className="lede">{t('registries.page.lede')}</p>
      </header>
      <InlineProblem problem={problem} />
      <OutcomeBanner outcome={dockerOutcome} noticeClass="ok" onDismiss={() => setDockerOutcome(undefined)} />
      {!adding ? (
        <div className="toolbar">
          <button type="button" onClick={() => setAdding(true)}>
            {t('registries.page.add')}
          </button>
        </div>
      ) : (
        <RegistryForm onDone={() => setAdding(false)} />
      )}
      {editedRegistry ? <RegistryForm key={editedRegistry.id} initial={editedRegistry} onDone={() => setEditing(undefined)} /> : null}
      {loaded && registries.length === 0 && !adding ? (
        <EmptyState title={t('registries.page.emptyTitle')}>
          <p>{t('registries.page.emptyBody')}</p>
        </EmptyState>
      ) : null}
      {registries.length > 0 ? (
        <table className="table" aria-label={t('registries.page.title')}>
          <thead>
            <tr>
              <th scope="col">{t('registries.table.name')}</th>
              <th scope="col">{t('registries.table.address')}</th>
              <th scope="col">{t('registries.table.login')}</th>
              <th scope="col">{t('registries.table.connection')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('registries.table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {registries.map((r) => (
              <RegistryRow key={`${r.id} ${r.endpoint} ${r.username} ${r.insecure} ${r.hasCaCert}`} registry={r} onEdit={() => (setAdding(false), setEditing(r.id))} onDockerOutcome={setDockerOutcome} />
            ))}
          </tbody>
        </table>
      ) : null}
      {loaded ? <LocalDockerSection onOutcome={setDockerOutcome} /> : null}
    </>
  );
}
