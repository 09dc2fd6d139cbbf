import type { Placement } from '../../../shared/models/build';

/** Why a platform ran where it did, as the build log says it (log lines stay English). */
export function placementWords(p: Placement): string {
  const fit = `${p.fit} ${p.platform ?? 'platform'}`;
  const notes = [p.onlyBuilder ? 'only builder in the pool' : null, p.afterFailover ? 'after failover' : null].filter((n) => n !== null);
  return [fit, ...notes].join(', ');
}
