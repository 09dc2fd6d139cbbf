import { englishWords, type Translator } from '../i18n/words';
import type { BuildStatus } from '../models/build';
import type { UpdateStatus } from './update-status';

export interface TrayBuild {
  readonly id: string;
  readonly number: number;
  readonly status: Extract<BuildStatus, 'queued' | 'running'>;
  /** "app-api" */
  readonly repository: string;
  /** "main" */
  readonly ref: string;
}

export interface TrayInput {
  /** Queued and running builds, oldest first. */
  readonly active: readonly TrayBuild[];
  /** The status of the build that ended last (null: none yet). */
  readonly lastFinished: BuildStatus | null;
  readonly paused: boolean;
  readonly update: Pick<UpdateStatus, 'state' | 'version'>;
}

export type TrayIcon = 'idle' | 'building' | 'failed';

export type TrayItem =
  | { readonly kind: 'build'; readonly buildId: string; readonly label: string }
  | { readonly kind: 'note'; readonly label: string }
  | { readonly kind: 'separator' }
  | { readonly kind: 'open'; readonly label: string }
  | { readonly kind: 'pause'; readonly label: string }
  | { readonly kind: 'resume'; readonly label: string }
  | { readonly kind: 'restartToUpdate'; readonly label: string }
  | { readonly kind: 'quit'; readonly label: string };

export interface TrayModel {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  readonly items: readonly TrayItem[];
}

/** A long queue stays a menu, not a wall: the rest is counted. */
export const trayBuildLimit = 8;

/** What the tray needs to word itself: the translator of the language preference. */
export type TrayWords = Pick<Translator, 't'>;


function buildLabel(build: TrayBuild, { t }: TrayWords): string {
  return t('desktop.tray.build', { number: build.number, repository: build.repository, ref: build.ref, queued: build.status === 'queued' ? 'yes' : 'no' });
}

/** The tray icon, its tooltip and its menu, from the builds and triggers state alone, in the given language (English by default). */
export function trayModel(input: TrayInput, words: TrayWords = englishWords()): TrayModel {
  const { t } = words;
  const running = input.active.filter((b) => b.status === 'running').length;
  const queued = input.active.length - running;
  // A failure stays visible until a later build succeeds, but running work is the more urgent news.
  const failed = input.lastFinished === 'failed' || input.lastFinished === 'interrupted';
  const icon: TrayIcon = input.active.length > 0 ? 'building' : failed ? 'failed' : 'idle';
  const parts: string[] = [];
  if (running > 0) parts.push(t('desktop.tray.running', { count: running }));
  if (queued > 0) parts.push(t('desktop.tray.queued', { count: queued }));
  if (parts.length === 0) parts.push(t(failed ? 'desktop.tray.lastFailed' : 'desktop.tray.idle'));
  if (input.paused) parts.push(t('desktop.tray.paused'));
  const tooltip = t('desktop.tray.tooltip', { status: parts.join(t('desktop.tray.listSeparator')) });

  const items: TrayItem[] = [];
  if (input.active.length === 0) items.push({ kind: 'note', label: t(failed ? 'desktop.tray.noteFailed' : 'desktop.tray.noteIdle') });
  for (const build of input.active.slice(0, trayBuildLimit)) items.push({ kind: 'build', buildId: build.id, label: buildLabel(build, words) });
  if (input.active.length > trayBuildLimit) items.push({ kind: 'note', label: t('desktop.tray.more', { count: input.active.length - trayBuildLimit }) });
  items.push({ kind: 'separator' });
  if (input.update.state === 'ready') items.push({ kind: 'restartToUpdate', label: t('desktop.tray.restartToUpdate', { hasVersion: input.update.version ? 'yes' : 'no', version: input.update.version ?? '' }) });
  items.push({ kind: 'open', label: t('desktop.tray.open') });
  items.push(input.paused ? { kind: 'resume', label: t('desktop.tray.resume') } : { kind: 'pause', label: t('desktop.tray.pause') });
  items.push({ kind: 'separator' });
  items.push({ kind: 'quit', label: t('desktop.tray.quit') });
  return { icon, tooltip, items };
}
