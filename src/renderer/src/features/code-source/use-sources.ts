import type { CodeSource } from '../../../../shared/models/code-source';
import { useContractQuery } from '../../api/hooks';
import type { Problem } from '../../api/problem';

const none: CodeSource[] = [];

/** The bound code sources, kept current by the `sources:changed` event. */
export function useSources(): { sources: readonly CodeSource[]; loaded: boolean; problem: Problem | undefined } {
  const query = useContractQuery('sources:list', {});
  return { sources: query.data ?? none, loaded: query.isSuccess || query.isError, problem: query.problem };
}

/** Product names, the same in every language; a plain git URL is worded by the catalog (sources.provider.gitUrl). */
export const providerNames = { github: 'GitHub', gitlab: 'GitLab', bitbucket: 'Bitbucket', gitee: 'Gitee' } as const;

/** Where a binding lives, so two bindings of one provider can be told apart. */
export function sourceHost(source: Pick<CodeSource, 'baseUrl'>): string {
  try {
    return new URL(source.baseUrl).host;
  } catch {
    return source.baseUrl;
  }
}
