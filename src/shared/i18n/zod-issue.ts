import { quote } from '../errors';
import { english, type MessageKey } from './catalogs';
import { phrase, type Phrase } from './phrase';

/** The parts of a zod issue worded here; the rest of the issue (the input) is never echoed. */
export interface IssueLike {
  readonly code: string;
  readonly message: string;
  readonly path: readonly PropertyKey[];
  readonly keys?: readonly string[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly origin?: string;
  readonly format?: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
}

/**
 * A validation issue as a phrase. Slipway's own schemas give a catalog key as their message
 * (`validation.…`); zod's built-in checks are mapped to phrases by their code; anything else keeps
 * zod's English.
 */
export function issuePhrase(issue: IssueLike): Phrase | string {
  if (Object.hasOwn(english, issue.message)) return phrase(issue.message as MessageKey);
  const kind = issue.origin === 'string' || issue.origin === 'array' ? issue.origin : 'other';
  switch (issue.code) {
    case 'unrecognized_keys':
      return phrase('validation.unknownFields', { count: issue.keys?.length ?? 0, keys: (issue.keys ?? []).map(quote).join(', ') });
    case 'too_small':
      return issue.minimum === 1 && kind !== 'other' ? phrase('validation.required') : phrase('validation.tooSmall', { kind, limit: Number(issue.minimum) });
    case 'too_big':
      return phrase('validation.tooBig', { kind, limit: Number(issue.maximum) });
    case 'invalid_format':
      return phrase('validation.format', { format: issue.format ?? 'other' });
    case 'invalid_value':
      return phrase('validation.oneOf', { options: (issue.values ?? []).map((v) => quote(v)).join(', ') });
    case 'invalid_type':
      return issue.expected ? phrase('validation.invalidType', { expected: issue.expected }) : phrase('validation.invalid');
    default:
      return issue.message;
  }
}
