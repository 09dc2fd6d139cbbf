import { EmptyState } from '../../components/EmptyState';

export function RegistriesPage() {
  return (
    <>
      <header className="page-header">
        <h1>Registries</h1>
        <p className="lede">Where built images are pushed: Docker Hub, GHCR, Quay, Harbor, a cloud registry or localhost:5000.</p>
      </header>
      <EmptyState title="No registry yet">
        <p>Add the registry your images go to, with its login (a registry password or access token, not your account password). Then create namespaces and image repositories in it.</p>
      </EmptyState>
    </>
  );
}
