import type { ExitPlan } from '../../../shared/desktop/when-building';
import type { BuildActivity } from './build-activity';

export interface Canceler {
  cancel(id: string): unknown;
}

/**
 * Carries out a quit or restart plan up to the point where the process may end: waits for the
 * builds, or cancels them and waits until each has recorded "canceled" and closed its log.
 * "ask" is the host's to put to the user, so it never reaches here.
 */
export async function settleBuilds(plan: Exclude<ExitPlan, { kind: 'ask' }>, activity: BuildActivity, builds: Canceler, log?: (line: string) => void): Promise<void> {
  if (plan.kind === 'now') return;
  if (plan.kind === 'wait') {
    await activity.whenEnded(activity.activeIds());
    return;
  }
  for (const id of plan.buildIds) {
    try {
      builds.cancel(id);
    } catch (error) {
      // It ended between the question and the answer: nothing left to stop.
      log?.(`stopping build ${id} before exit: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  await activity.whenEnded(plan.buildIds);
}
