import { InlineProblem } from '../../components/InlineProblem';
import { BuildTable } from './BuildTable';
import { useBuilds } from './use-builds';

/** The latest builds of one image repository, live. */
export function RepositoryBuilds({ repositoryId }: { readonly repositoryId: string }) {
  const { builds, problem } = useBuilds({ repositoryId }, 20);
  return (
    <section className="card" aria-labelledby="repo-builds-heading">
      <div className="card-title">
        <h2 id="repo-builds-heading">Builds</h2>
        <a href="#/builds">All builds</a>
      </div>
      <InlineProblem problem={problem} />
      {builds === undefined ? (
        <p className="muted">Loading…</p>
      ) : builds.length === 0 ? (
        <p className="muted">No build yet. Push to a branch or tag a rule matches, or press Build on a rule.</p>
      ) : (
        <BuildTable builds={builds} label="Builds of this repository" showRepository={false} />
      )}
    </section>
  );
}
