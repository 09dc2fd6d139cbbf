import { ListSection } from '../../components/ListSection';
import { BuildTable } from './BuildTable';
import { useBuilds } from './use-builds';

/** The latest builds of one image repository, live. */
export function RepositoryBuilds({ repositoryId }: { readonly repositoryId: string }) {
  const { builds, problem } = useBuilds({ repositoryId }, 20);
  return (
    <ListSection title="Builds" action={<a href="#/builds">All builds</a>} problem={problem} items={builds} empty="No build yet. Push to a branch or tag a rule matches, or press Build on a rule.">
      {(list) => <BuildTable builds={list} label="Builds of this repository" showRepository={false} />}
    </ListSection>
  );
}
