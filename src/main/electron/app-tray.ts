import { app, dialog, type BrowserWindow } from 'electron';
import type { Core } from '../core';
import { safePreferences } from '../core/desktop';
import type { PreferenceStore } from '../core/settings/preferences';
import type { ImageRepository } from '../../shared/models/repository';
import { exitPlan, exitQuestion } from '../../shared/desktop/when-building';
import type { Translator } from '../../shared/i18n/translate';
import { createTray } from './tray';
import { showBuildPage } from './window';

/** Wires the tray to the core: its state from build activity, settings and updates; its actions through the contract. */
export function startTray(core: Core, preferences: PreferenceStore, iconDir: string, showWindow: () => BrowserWindow, words: () => Translator, log: (line: string) => void): () => void {
  const names = new Map<string, string>();
  const tray = createTray(
    iconDir,
    () => {
      const { active, lastFinished } = core.desktop.activity.snapshot();
      return {
        active: active.map((b) => ({ id: b.id, number: b.number, status: b.status === 'queued' ? 'queued' : 'running', repository: names.get(b.repositoryId) ?? 'repository', ref: b.ref.name })),
        lastFinished,
        paused: safePreferences(() => preferences.get()).pauseAutomaticBuilds,
        update: core.desktop.updates.status(),
      };
    },
    words,
    {
      openBuild: (id) => showBuildPage(showWindow(), id),
      open: () => void showWindow(),
      setPaused: (paused) => void core.call('settings:update', { pauseAutomaticBuilds: paused }),
      restartToUpdate: () => void restartToUpdate(core, words(), log),
      quit: () => app.quit(),
    },
    log,
  );
  // settings:changed (below) also covers the language: the tray is redrawn in the new one.
  // Build items name their repository; names are read through the contract when a new one appears.
  const refresh = async (): Promise<void> => {
    const ids = core.desktop.activity.snapshot().active.map((b) => b.repositoryId);
    if (ids.some((id) => !names.has(id))) {
      const listed = await core.call('repositories:list', {});
      if (listed.ok) for (const r of listed.result as ImageRepository[]) names.set(r.id, r.name);
    }
    tray.refresh();
  };
  const offActivity = core.desktop.activity.onChange(() => void refresh());
  const offBus = core.bus.subscribe((message) => {
    if (message.event === 'app:update' || message.event === 'settings:changed') tray.refresh();
  });
  void refresh();
  return () => {
    offActivity();
    offBus();
    tray.destroy();
  };
}

async function restartToUpdate(core: Core, words: Translator, log: (line: string) => void): Promise<void> {
  const plan = exitPlan(core.desktop.activity.activeIds(), 'ask');
  let whenBuilding: 'ask' | 'wait' | 'stop' = 'ask';
  if (plan.kind === 'ask') {
    const question = exitQuestion(plan.active, 'restart', words);
    const { response } = await dialog.showMessageBox({ type: 'question', message: question.message, detail: question.detail, buttons: [...question.buttons], defaultId: 0, cancelId: 2, noLink: true });
    if (response === 2) return;
    whenBuilding = response === 0 ? 'wait' : 'stop';
  }
  const result = await core.call('app:restartToUpdate', { whenBuilding });
  if (!result.ok) log(`restart to update: ${result.error.message}`);
}
