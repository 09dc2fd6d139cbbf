import { useCallback, useEffect, useState } from 'react';
import type { CodeSource } from '../../../../shared/models/code-source';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';

/** The bound code sources, kept current by the `sources:changed` event. */
export function useSources(): { sources: CodeSource[]; loaded: boolean; problem?: Problem; reload: () => Promise<void> } {
  const client = useClient();
  const [sources, setSources] = useState<CodeSource[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const reload = useCallback(async () => {
    try {
      setSources(await client.call('sources:list', {}));
      setProblem(undefined);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setLoaded(true);
    }
  }, [client]);
  useEffect(() => {
    void reload();
    return client.on('sources:changed', (next) => setSources(next));
  }, [client, reload]);
  return { sources, loaded, ...(problem ? { problem } : {}), reload };
}

export const providerNames = { github: 'GitHub', gitlab: 'GitLab', bitbucket: 'Bitbucket', gitee: 'Gitee', git: 'Git URL' } as const;
