import { useState } from 'react';
import type { CodeRepositoryRef } from '../../../../shared/models/code-repo';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';

const most = 100;

/** Fills the rule playground with the bound code repository's real branches and tags (first 100 of each). */
export function RefsFromCodeRepository({ codeRepository, onLoad }: { readonly codeRepository: CodeRepositoryRef | null | undefined; readonly onLoad: (text: string) => void }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const sourceId = codeRepository?.sourceId;
  if (!codeRepository || !sourceId) return null;
  async function load() {
    if (!codeRepository || !sourceId) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const [branches, tags] = await Promise.all(
        (['branch', 'tag'] as const).map((kind) => client.call('sources:refs', { sourceId, fullName: codeRepository.fullName, kind, page: 1, perPage: most })),
      );
      onLoad([...(branches?.items ?? []).map((r) => `branch ${r.name}`), ...(tags?.items ?? []).map((r) => `tag ${r.name}`)].join('\n'));
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <p className="small">
      <button type="button" className="ghost" disabled={busy} onClick={() => void load()}>
        Use the branches and tags of {codeRepository.fullName}
      </button>
      {problem ? (
        <span className="warn" role="alert">
          {' '}
          {problem.message} {problem.hint}
        </span>
      ) : null}
    </p>
  );
}
