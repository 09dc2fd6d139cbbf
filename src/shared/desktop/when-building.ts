import { englishWords, type Translator } from '../i18n/words';
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


/** The question asked when the plan is "ask", in the shell's language; the buttons map to `wait` and `stop`. */
export function exitQuestion(
  active: number,
  action: 'quit' | 'restart',
  { t }: Pick<Translator, 't'> = englishWords(),
): { message: string; detail: string; buttons: readonly [string, string, string] } {
  return {
    message: t('desktop.exit.message', { count: active }),
    detail: t('desktop.exit.detail', { action }),
    buttons: [t('desktop.exit.wait', { action }), t('desktop.exit.stop', { action }), t('common.cancel')],
  };
}
