import { english } from '../../../../shared/i18n/english';
import type { Phrase, Text } from '../../../../shared/i18n/phrase';
import type { WebhookAttempt } from '../../../../shared/models/webhook';

/** A stored phrase this renderer can word; otherwise the English stored beside it (older attempts have only that). */
function worded(phrase: Phrase | undefined, english_: string): Text {
  return phrase && Object.hasOwn(english, phrase.key) ? phrase : english_;
}

/** Why an attempt ended as it did (delivered, retried, given up). */
export function attemptNote(attempt: WebhookAttempt): Text {
  return worded(attempt.notePhrase, attempt.note);
}

/** What went wrong on the wire, when the request got no answer. */
export function attemptError(attempt: WebhookAttempt): Text | undefined {
  return attempt.error === null ? undefined : worded(attempt.errorPhrase, attempt.error);
}
