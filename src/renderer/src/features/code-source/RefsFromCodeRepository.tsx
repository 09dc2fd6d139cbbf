import { useEffect, useState } from 'react';
import type { CodeRepositoryRef } from '../../../../shared/models/code-repo';
import type { KnownRef } from '../../../../shared/rules/playground-refs';
import { useContractQuery } from '../../api/hooks';
import { useT } from '../../i18n/use-t';

const most = 100;

/** Fills the rule playground with the bound code repository's real branches and tags (first 100 of each). */
export function RefsFromCodeRepository({ codeRepository, onLoad }: { readonly codeRepository: CodeRepositoryRef | null | undefined; readonly onLoad: (text: string, refs: readonly KnownRef[]) => void }) {
  const { t, word } = useT();
  // Read on demand: the button asks, the cache answers (and answers again at once on a second click).
  const [asked, setAsked] = useState(0);
  const sourceId = codeRepository?.sourceId ?? '';
  const fullName = codeRepository?.fullName ?? '';
  const enabled = asked > 0 && sourceId !== '';
  const branches = useContractQuery('sources:refs', { sourceId, fullName, kind: 'branch', page: 1, perPage: most }, { enabled });
  const tags = useContractQuery('sources:refs', { sourceId, fullName, kind: 'tag', page: 1, perPage: most }, { enabled });
  const problem = branches.problem ?? tags.problem;
  const [delivered, setDelivered] = useState(0);
  useEffect(() => {
    if (!branches.data || !tags.data || delivered === asked) return;
    setDelivered(asked);
    // The real commits go along, so the playground's commit-id tags show what a push would write.
    const refs: KnownRef[] = [...branches.data.items.map((r) => ({ type: 'branch' as const, name: r.name, commit: r.commit })), ...tags.data.items.map((r) => ({ type: 'tag' as const, name: r.name, commit: r.commit }))];
    onLoad(refs.map((r) => `${r.type} ${r.name}`).join('\n'), refs);
  }, [branches.data, tags.data, asked, delivered, onLoad]);
  if (!codeRepository || !sourceId) return null;
  return (
    <p className="small">
      <button type="button" className="ghost" disabled={enabled && (branches.isFetching || tags.isFetching)} onClick={() => setAsked((n) => n + 1)}>
        {t('sources.refs.useFrom', { name: codeRepository.fullName })}
      </button>
      {problem ? (
        <span className="warn" role="alert"> {problem.hint ? t('sources.bindings.reasonAndHint', { reason: problem.message, hint: problem.hint }) : word(problem.message)}</span>
      ) : null}
    </p>
  );
}
