import { defaultPreferences, type Preferences } from '../../../shared/models/settings';
import type { EventBus } from '../events';
import { BuildActivity, type ActiveBuildSource } from './build-activity';
import type { Canceler } from './exit-builds';
import { UpdateService, type UpdaterPort } from './update-service';

export { BuildActivity } from './build-activity';
export { pausableEnqueuer } from './automatic-builds';
export { settleBuilds } from './exit-builds';
export { UpdateService, type UpdaterPort, type UpdaterEvent } from './update-service';

export interface DesktopServices {
  readonly activity: BuildActivity;
  readonly updates: UpdateService;
  close(): void;
}

export interface DesktopDeps {
  readonly bus: EventBus;
  readonly buildStore: ActiveBuildSource;
  readonly builds: Canceler;
  readonly preferences: () => Preferences;
  readonly updater: UpdaterPort | null;
  readonly version: string;
  readonly log?: (line: string) => void;
}

/** What a long-running app needs on top of the core: build activity for the tray and exits, and updates. */
export function createDesktopServices(deps: DesktopDeps): DesktopServices {
  const activity = new BuildActivity(deps.bus, deps.buildStore);
  const updates = new UpdateService({
    version: deps.version,
    preferences: () => safePreferences(deps.preferences),
    updater: deps.updater,
    activity,
    builds: deps.builds,
    emit: (status) => deps.bus.emit('app:update', status),
    ...(deps.log ? { log: deps.log } : {}),
  });
  const off = deps.bus.subscribe((message) => {
    if (message.event === 'settings:changed') updates.configure(message.payload);
  });
  updates.start();
  return {
    activity,
    updates,
    close() {
      off();
      updates.close();
      activity.close();
    },
  };
}

/** An unreadable preferences file must not stop the app: Settings reports it, defaults apply here. */
export function safePreferences(read: () => Preferences): Preferences {
  try {
    return read();
  } catch {
    return defaultPreferences;
  }
}
