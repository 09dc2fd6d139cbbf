import { phrase, type Phrase } from '../i18n/phrase';

/** Docker's tag grammar: a word character first, then up to 127 of [A-Za-z0-9_.-]. */
export const dockerTagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** What is wrong with a rendered tag, as the end of “The tag “…” …”. */
export function dockerTagProblem(tag: string): Phrase | undefined {
  if (tag.length === 0) return phrase('rules.tagProblem.empty');
  if (tag.length > 128) return phrase('rules.tagProblem.tooLong', { length: tag.length });
  if (!/^[A-Za-z0-9_]/.test(tag)) return phrase('rules.tagProblem.badStart', { char: tag[0] ?? '' });
  const bad = /[^A-Za-z0-9_.-]/.exec(tag);
  if (bad) return phrase('rules.tagProblem.badChar', { char: bad[0] });
  return undefined;
}

/** The parts of `git check-ref-format` a user can trip over when typing a branch or tag name. */
export function gitRefNameProblem(name: string): Phrase | undefined {
  if (name.length === 0) return phrase('rules.refName.empty');
  // eslint-disable-next-line no-control-regex -- git refuses control characters, so must we
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return phrase('rules.refName.forbiddenChar');
  if (name.includes('..')) return phrase('rules.refName.contains', { text: '..' });
  if (name.includes('@{')) return phrase('rules.refName.contains', { text: '@{' });
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return phrase('rules.refName.emptyPart');
  if (name.endsWith('.') || name.endsWith('.lock')) return phrase('rules.refName.badEnd');
  if (name.split('/').some((part) => part.startsWith('.'))) return phrase('rules.refName.dotPart');
  if (name === '@') return phrase('rules.refName.at');
  return undefined;
}

/** A build argument is an environment-variable-like name; keys are case-sensitive. */
export const buildArgKeyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** os/arch[/variant], as BuildKit's --platform takes it. */
export const platformPattern = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
