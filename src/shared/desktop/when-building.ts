import type { WhenBuilding } from './update-status';

/**
 * Quitting and restarting to update end the process that runs builds. With builds active the user
 * decides: wait for them, or stop them (they end as canceled, their logs kept). Nothing ends a
 * running build on its own.
 */
export type ExitPlan =
  | { readonly kind: 'now' }
  | { readonly kind: 'ask'; readonly active: number }
  | { readonly kind: 'wait'; readonly active: number }
  | { readonly kind: 'stop'; readonly buildIds: readonly string[] };

export function exitPlan(activeBuildIds: readonly string[], choice: WhenBuilding): ExitPlan {
  if (activeBuildIds.length === 0) return { kind: 'now' };
  switch (choice) {
    case 'ask':
      return { kind: 'ask', active: activeBuildIds.length };
    case 'wait':
      return { kind: 'wait', active: activeBuildIds.length };
    case 'stop':
      return { kind: 'stop', buildIds: [...activeBuildIds] };
  }
}

/** The question asked when the plan is "ask"; the buttons map to `wait` and `stop`. */
export function exitQuestion(active: number, action: 'quit' | 'restart'): { message: string; detail: string; buttons: readonly [string, string, string] } {
  const builds = active === 1 ? '1 build is' : `${active} builds are`;
  const verb = action === 'quit' ? 'Quit' : 'Restart';
  return {
    message: `${builds} still running.`,
    detail: `Slipway can wait for them and ${action === 'quit' ? 'quit' : 'restart'} when they end, or stop them now: stopped builds read "canceled" and keep their logs.`,
    buttons: [`${verb} when builds end`, `Stop builds and ${verb.toLowerCase()}`, 'Cancel'],
  };
}
