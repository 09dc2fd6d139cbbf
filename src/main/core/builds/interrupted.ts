import type { Build } from '../../../shared/models/build';
import type { BuildStore } from './build-store';
import type { LogStore } from './log-store';

/**
 * Builds the app was running when it stopped (a crash, a kill) cannot be running now: at the next
 * start they are recorded as interrupted, their logs closed with a last line, before anything reads
 * them (core/base.ts): the first stage of the headless host answers the history before the build
 * service exists. What the build service does about them on the engines is its own (resume()).
 */
export function recordInterrupted(store: BuildStore, logs: LogStore): Build[] {
  // A line written in the last moments before a crash reached the log file but maybe not the database.
  for (const build of store.running()) {
    const written = logs.lastWriteAt(build.id);
    if (written) store.noteEvent(build.id, written);
  }
  const interrupted = store.markInterrupted();
  for (const build of interrupted) {
    logs.append(build.id, ['', '— Slipway stopped while this build was running; the log above is everything received until then. —']);
    logs.close(build.id);
    store.setLogLines(build.id, logs.count(build.id));
  }
  return interrupted.map((build) => store.get(build.id));
}
