import { app, dialog } from 'electron';
import { settleBuilds, type BuildActivity } from '../core/desktop';
import type { Canceler } from '../core/desktop/exit-builds';
import { exitPlan, exitQuestion } from '../../shared/desktop/when-building';
import type { Translator } from '../../shared/i18n/translate';

/**
 * Quitting while builds run asks first: wait for them, or stop them (they end as canceled, logs
 * kept). Every quit passes here, from the tray, the menu, Cmd+Q or the system; an approved quit
 * (and the updater's own restart, which already settled the builds) goes straight through.
 */
export function guardQuit(deps: { activity: BuildActivity; builds: Canceler; log: (line: string) => void; words: () => Translator }): { approve(): void; quitting(): boolean } {
  let approved = false;
  let asking = false;
  const finish = (): void => {
    approved = true;
    app.quit();
  };
  app.on('before-quit', (event) => {
    if (approved) return;
    event.preventDefault();
    if (asking) return;
    const plan = exitPlan(deps.activity.activeIds(), 'ask');
    if (plan.kind !== 'ask') return finish();
    asking = true;
    const question = exitQuestion(plan.active, 'quit', deps.words());
    void dialog
      .showMessageBox({ type: 'question', message: question.message, detail: question.detail, buttons: [...question.buttons], defaultId: 0, cancelId: 2, noLink: true })
      .then(async ({ response }) => {
        if (response === 2) return;
        const next = exitPlan(deps.activity.activeIds(), response === 0 ? 'wait' : 'stop');
        if (next.kind === 'ask') return;
        deps.log(`quit: ${next.kind === 'wait' ? 'waiting for the running builds to end' : 'stopping the running builds'}`);
        await settleBuilds(next, deps.activity, deps.builds, deps.log);
        finish();
      })
      .finally(() => {
        asking = false;
      });
  });
  return {
    approve: () => {
      approved = true;
    },
    quitting: () => approved,
  };
}
