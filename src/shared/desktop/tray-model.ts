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

function buildLabel(build: TrayBuild): string {
  return `#${build.number} ${build.repository} · ${build.ref}${build.status === 'queued' ? ' (queued)' : ''}`;
}

/** The tray icon, its tooltip and its menu, from the builds and triggers state alone. */
export function trayModel(input: TrayInput): TrayModel {
  const running = input.active.filter((b) => b.status === 'running').length;
  const queued = input.active.length - running;
  // A failure stays visible until a later build succeeds, but running work is the more urgent news.
  const failed = input.lastFinished === 'failed' || input.lastFinished === 'interrupted';
  const icon: TrayIcon = input.active.length > 0 ? 'building' : failed ? 'failed' : 'idle';
  const parts: string[] = [];
  if (running > 0) parts.push(`${running} ${running === 1 ? 'build' : 'builds'} running`);
  if (queued > 0) parts.push(`${queued} queued`);
  if (parts.length === 0) parts.push(failed ? 'the last build failed' : 'idle');
  if (input.paused) parts.push('automatic builds paused');
  const tooltip = `Slipway — ${parts.join(', ')}`;

  const items: TrayItem[] = [];
  if (input.active.length === 0) items.push({ kind: 'note', label: failed ? 'Last build failed' : 'No builds running' });
  for (const build of input.active.slice(0, trayBuildLimit)) items.push({ kind: 'build', buildId: build.id, label: buildLabel(build) });
  if (input.active.length > trayBuildLimit) items.push({ kind: 'note', label: `and ${input.active.length - trayBuildLimit} more` });
  items.push({ kind: 'separator' });
  if (input.update.state === 'ready') items.push({ kind: 'restartToUpdate', label: `Restart to update${input.update.version ? ` to ${input.update.version}` : ''}` });
  items.push({ kind: 'open', label: 'Open Slipway' });
  items.push(input.paused ? { kind: 'resume', label: 'Resume automatic builds' } : { kind: 'pause', label: 'Pause automatic builds' });
  items.push({ kind: 'separator' });
  items.push({ kind: 'quit', label: 'Quit Slipway' });
  return { icon, tooltip, items };
}
