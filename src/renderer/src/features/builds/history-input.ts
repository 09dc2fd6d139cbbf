import type { MethodInput } from '../../../../shared/contract';
import type { BuildStatus } from '../../../../shared/models/build-status';

export interface BuildQuery {
  readonly repositoryId?: string | undefined;
  readonly status?: BuildStatus | undefined;
  readonly ref?: string | undefined;
  readonly ruleId?: string | undefined;
}

/**
 * The history's first read for a filter: 50 builds, newest first. The Builds page reads it, and so
 * does the read asked for with the page (app/route-data.ts), under the same key.
 */
export function buildHistoryInput(query: BuildQuery): Omit<MethodInput<'builds:page'>, 'cursor'> {
  const { repositoryId, status, ref, ruleId } = query;
  return { limit: 50, ...(repositoryId ? { repositoryId } : {}), ...(status ? { status } : {}), ...(ref ? { ref } : {}), ...(ruleId ? { ruleId } : {}) };
}
