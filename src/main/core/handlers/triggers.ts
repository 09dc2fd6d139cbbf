import { AppError } from '../../../shared/errors';
import type { Handlers } from '../dispatch';
import type { Triggers } from '../triggers';
import { phrase } from '../../../shared/i18n/phrase';

type TriggerChannels = 'triggers:status' | 'triggers:pollNow' | 'triggers:hookInfo' | 'triggers:setHookSecret' | 'triggers:registerGitlabHook' | 'activity:list' | 'activity:page';

export function triggerHandlers(triggers: Triggers): Pick<Handlers, TriggerChannels> {
  return {
    'triggers:status': ({ repositoryId }) => (repositoryId ? [triggers.watcher.status(repositoryId)] : triggers.watcher.statuses()),
    'triggers:pollNow': ({ repositoryId }) => triggers.watcher.pollNow(repositoryId),
    'triggers:hookInfo': ({ repositoryId }) => triggers.hookInfo(repositoryId),
    'triggers:setHookSecret': ({ repositoryId, secret }) => {
      triggers.hookInfo(repositoryId);
      if (secret !== '' && secret.length < 16) {
        throw new AppError('invalid_input', phrase('errors.invalidField', { field: 'secret', detail: phrase('triggers.errors.secretTooShort') }), phrase('triggers.errors.secretTooShortHint'));
      }
      triggers.hooks.set(repositoryId, secret);
      return triggers.hookInfo(repositoryId);
    },
    'triggers:registerGitlabHook': ({ repositoryId, publicUrl }) => triggers.registerGitlabHook(repositoryId, publicUrl),
    'activity:list': ({ subject, limit }) => triggers.activity.list(subject, limit),
    'activity:page': ({ subject, limit, cursor }) => triggers.activity.page(subject, limit, cursor),
  };
}
