import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { InlineProblem } from '../../components/InlineProblem';
import { OutcomeBanner, type Outcome } from '../../components/Outcome';
import { useCatalogView } from '../../api/catalog';
import { LocalDockerSection } from '../local-docker/LocalDockerSection';
import { RegistryForm } from './RegistryForm';
import { RegistryRow } from './RegistryRow';

export function RegistriesPage() {
  const { registries, loaded, problem } = useCatalogView();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | undefined>();
  const editedRegistry = registries.find((r) => r.id === editing);
  // Logging docker in (a registry row) and out (the section below) report here, one result at a time.
  const [dockerOutcome, setDockerOutcome] = useState<Outcome>();

  return (
    <>
      <header className="page-header">
        <h1>Registries</h1>
        <p className="lede">Where built images are pushed: Docker Hub, GHCR, Quay, Harbor, a cloud registry or localhost:5000.</p>
      </header>
      <InlineProblem problem={problem} />
      <OutcomeBanner outcome={dockerOutcome} noticeClass="ok" onDismiss={() => setDockerOutcome(undefined)} />
      {!adding ? (
        <div className="toolbar">
          <button type="button" onClick={() => setAdding(true)}>
            Add registry
          </button>
        </div>
      ) : (
        <RegistryForm onDone={() => setAdding(false)} />
      )}
      {editedRegistry ? <RegistryForm key={editedRegistry.id} initial={editedRegistry} onDone={() => setEditing(undefined)} /> : null}
      {loaded && registries.length === 0 && !adding ? (
        <EmptyState title="No registry yet">
          <p>Add the registry your images go to, with its login (a registry password or access token, not your account password). Then create namespaces and image repositories in it.</p>
        </EmptyState>
      ) : null}
      {registries.length > 0 ? (
        <table className="table" aria-label="Registries">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Address</th>
              <th scope="col">Login</th>
              <th scope="col">Connection</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
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
