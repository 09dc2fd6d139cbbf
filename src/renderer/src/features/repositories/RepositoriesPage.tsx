import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useCatalog } from '../../app/context';
import { useHashDetail } from '../../app/use-hash-detail';
import { NamespaceForm } from './NamespaceForm';
import { NamespaceList } from './NamespaceList';
import { RepositoryDetail } from './RepositoryDetail';
import { RepositoryForm } from './RepositoryForm';

export function RepositoriesPage() {
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
        <h1>Repositories</h1>
        <p className="lede">Image repositories, each bound to a code repository, with the build rules that turn pushes into tags.</p>
      </header>
      {loaded && registries.length === 0 ? (
        <EmptyState title="No image repository yet" action={<a href="#/registries">Go to Registries</a>}>
          <p>Add a registry first, then create an image repository in one of its namespaces and bind it to a code repository. Build rules decide which branches and tags are built and how images are tagged.</p>
        </EmptyState>
      ) : (
        <>
          <div className="toolbar buttons">
            <button type="button" onClick={() => setForm('namespace')} disabled={form !== undefined}>
              New namespace
            </button>
            <button type="button" onClick={() => setForm('repository')} disabled={form !== undefined || namespaces.length === 0} title={namespaces.length === 0 ? 'Create a namespace first' : undefined}>
              New image repository
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
            <EmptyState title="No image repository yet">
              <p>{namespaces.length === 0 ? 'Create a namespace in your registry first — your user or organisation there — then an image repository in it.' : 'Create an image repository in one of your namespaces.'}</p>
            </EmptyState>
          ) : null}
          {repositories.length > 0 ? (
            <table className="table" aria-label="Image repositories">
              <thead>
                <tr>
                  <th scope="col">Repository</th>
                  <th scope="col">Type</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Automatic build</th>
                </tr>
              </thead>
              <tbody>
                {repositories.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={`#/repositories/${r.id}`}>{r.reference}</a>
                    </td>
                    <td>{r.type === 'public' ? 'Public' : 'Private'}</td>
                    <td className="muted">{r.summary}</td>
                    <td>{r.autoBuild ? 'On' : 'Off'}</td>
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
