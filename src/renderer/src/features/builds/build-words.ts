import type { MessageKey } from '../../../../shared/i18n/catalogs';
import { phrase, type Phrase } from '../../../../shared/i18n/phrase';
import type { Build, BuildStatus } from '../../../../shared/models/build';

/** A build status as the status chip, the filter and the notification name it. */
export const statusKey: Record<BuildStatus, MessageKey> = {
  queued: 'builds.status.queued',
  running: 'builds.status.running',
  succeeded: 'builds.status.succeeded',
  failed: 'builds.status.failed',
  canceled: 'builds.status.canceled',
  interrupted: 'builds.status.interrupted',
};

/** "Build #12 failed": one sentence per status, since word order around the status differs by language. */
export function buildEndedPhrase(build: Pick<Build, 'number' | 'status'>): Phrase {
  return phrase('builds.notification.title', { number: build.number, status: build.status });
}

/** "branch main at 1a2b3c4": what a build built, for a line of plain text. */
export function buildRefPhrase(build: Pick<Build, 'ref' | 'commit'>): Phrase {
  return phrase('builds.refAtCommit', { kind: build.ref.kind, name: build.ref.name, commit: build.commit.slice(0, 7) });
}
