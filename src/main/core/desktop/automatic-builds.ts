import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { BuildEnqueuer, BuildRequest } from '../domain';

/**
 * "Pause automatic builds": while paused, builds from pushes are refused as a passing condition,
 * so the watcher keeps the change and asks again at its next check. On resume the newest commit of
 * each moved ref is built; manual builds ("Build now", retry) never pass through here.
 */
export function pausableEnqueuer(inner: BuildEnqueuer, paused: () => boolean): BuildEnqueuer {
  return {
    enqueue(request: BuildRequest) {
      if (paused()) {
        return Promise.reject(new AppError('unavailable', phrase('desktop.errors.paused'), phrase('desktop.errors.pausedHint')));
      }
      return inner.enqueue(request);
    },
  };
}
