import { EmptyState } from '../../components/EmptyState';
import { useApp } from '../../app/context';

export function BuildsPage() {
  const concurrent = useApp((s) => s.preferences?.concurrentBuilds);
  return (
    <>
      <header className="page-header">
        <h1>Builds</h1>
        <p className="lede">
          Every build, queued, running and finished{concurrent ? `; up to ${concurrent} run at once` : ''}.
        </p>
      </header>
      <EmptyState title="No builds yet">
        <p>A build starts when a push matches a build rule of an image repository. Create an image repository with a rule, then push to its code repository.</p>
      </EmptyState>
    </>
  );
}
