/** Docker's tag grammar: a word character first, then up to 127 of [A-Za-z0-9_.-]. */
export const dockerTagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function dockerTagProblem(tag: string): string | undefined {
  if (tag.length === 0) return 'renders to an empty tag';
  if (tag.length > 128) return `is ${tag.length} characters long; a tag holds at most 128`;
  if (!/^[A-Za-z0-9_]/.test(tag)) return `starts with “${tag[0]}”; a tag must start with a letter, digit or _`;
  const bad = /[^A-Za-z0-9_.-]/.exec(tag);
  if (bad) return `contains “${bad[0]}”; a tag may hold only letters, digits, _ . -`;
  return undefined;
}

/** The parts of `git check-ref-format` a user can trip over when typing a branch or tag name. */
export function gitRefNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  // eslint-disable-next-line no-control-regex -- git refuses control characters, so must we
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'contains a space or one of ~ ^ : ? * [ \\, which git does not allow in a name';
  if (name.includes('..')) return 'contains “..”';
  if (name.includes('@{')) return 'contains “@{”';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'has an empty path part (a leading, trailing or double /)';
  if (name.endsWith('.') || name.endsWith('.lock')) return 'ends with “.” or “.lock”';
  if (name.split('/').some((part) => part.startsWith('.'))) return 'has a part starting with “.”';
  if (name === '@') return 'is “@”';
  return undefined;
}

/** A build argument is an environment-variable-like name; keys are case-sensitive. */
export const buildArgKeyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** os/arch[/variant], as BuildKit's --platform takes it. */
export const platformPattern = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
