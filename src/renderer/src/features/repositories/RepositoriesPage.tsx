import { EmptyState } from '../../components/EmptyState';

export function RepositoriesPage() {
  return (
    <>
      <header className="page-header">
        <h1>Repositories</h1>
        <p className="lede">Image repositories, each bound to a code repository, with the build rules that turn pushes into tags.</p>
      </header>
      <EmptyState title="No image repository yet">
        <p>Add a registry first, then create an image repository in one of its namespaces and bind it to a code repository. Build rules decide which branches and tags are built and how images are tagged.</p>
      </EmptyState>
    </>
  );
}
