import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useCatalog } from '../../app/context';
import type { Problem } from '../../store/app-store';
import { InlineProblem } from '../../components/InlineProblem';
import { RegistryForm } from './RegistryForm';
import { LocalDockerSection } from '../local-docker/LocalDockerSection';
import { useClient } from '../../app/context';
import { toProblem } from '../../store/app-store';

export function RegistriesPage() {
  const registries = useCatalog((s) => s.registries);
  const loaded = useCatalog((s) => s.loaded);
  const connection = useCatalog((s) => s.connection);
  const test = useCatalog((s) => s.testRegistry);
  const remove = useCatalog((s) => s.deleteRegistry);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | undefined>();
  const editedRegistry = registries.find((r) => r.id === editing);
  const [problem, setProblem] = useState<Problem | undefined>();
  const client = useClient();
  const [loginRefresh, setLoginRefresh] = useState(0);
  const [loggingIn, setLoggingIn] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const logInDocker = async (id: string) => {
    setLoggingIn(id);
    setNotice(undefined);
    try {
      const result = await client.call('dockerLogin:login', { registryId: id, tool: 'docker' });
      setNotice(result.message);
      setProblem(undefined);
      setLoginRefresh((n) => n + 1);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setLoggingIn(undefined);
    }
  };

  return (
    <>
      <header className="page-header">
        <h1>Registries</h1>
        <p className="lede">Where built images are pushed: Docker Hub, GHCR, Quay, Harbor, a cloud registry or localhost:5000.</p>
      </header>
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
      {notice ? (
        <p className="ok" role="status">
          {notice}
        </p>
      ) : null}
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
            {registries.map((r) => {
              const report = connection[r.id];
              return (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>
                    <code>{r.endpoint}</code> {r.insecure ? <span className="badge">HTTP</span> : null} {r.hasCaCert ? <span className="badge">own CA</span> : null}
                  </td>
                  <td>{r.username ? `${r.username}${r.hasPassword ? ' · password saved' : ''}` : <span className="muted">anonymous</span>}</td>
                  <td aria-live="polite">
                    {report === undefined ? (
                      <span className="muted">Not tested</span>
                    ) : report === 'testing' ? (
                      'Testing…'
                    ) : report.ok ? (
                      <span className="ok">{report.message}</span>
                    ) : (
                      <span className="warn">
                        {report.message}
                        {report.hint ? <span className="hint">{report.hint}</span> : null}
                      </span>
                    )}
                  </td>
                  <td className="actions">
                    <button type="button" className="ghost" onClick={() => void test(r.id)} disabled={report === 'testing'}>
                      Test connection
                    </button>{' '}
                    {r.username ? (
                      <>
                        <button type="button" className="ghost" aria-label={`Log in local Docker to ${r.name}`} disabled={loggingIn === r.id} onClick={() => void logInDocker(r.id)}>
                          {loggingIn === r.id ? 'Logging in…' : 'Log in local Docker'}
                        </button>{' '}
                      </>
                    ) : null}
                    <button type="button" className="ghost" aria-label={`Edit ${r.name}`} onClick={() => (setAdding(false), setEditing(r.id))}>
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      className="ghost danger"
                      aria-label={`Delete ${r.name}`}
                      onClick={() => {
                        if (window.confirm(`Delete the registry "${r.name}" and its namespaces and image repositories in Slipway? Nothing is deleted in the registry itself.`)) void remove(r.id).then((o) => setProblem(o.ok ? undefined : o.problem));
                      }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {loaded ? <LocalDockerSection refresh={loginRefresh} /> : null}
    </>
  );
}
