/** `${name}` or `${1}` inside an image tag template. */
const placeholder = /\$\{([^}]*)\}/g;

/**
 * `${sourceref}` is the whole branch or tag name that matched, as Docker Hub's `{sourceref}` is:
 * a rule carried over from Docker Hub keeps its meaning. A named group of the same name wins, so a
 * pattern written before this existed renders as it did.
 */
export const builtinPlaceholders = ['sourceref'] as const;

export interface TemplateRefs {
  readonly names: readonly string[];
  readonly numbers: readonly number[];
  readonly malformed: readonly string[];
}

export function templateRefs(template: string): TemplateRefs {
  const names: string[] = [];
  const numbers: number[] = [];
  const malformed: string[] = [];
  for (const m of template.matchAll(placeholder)) {
    const inner = (m[1] ?? '').trim();
    if (/^\d+$/.test(inner)) numbers.push(Number(inner));
    else if (/^[A-Za-z_$][\w$]*$/.test(inner)) names.push(inner);
    else malformed.push(m[0]);
  }
  return { names, numbers, malformed };
}

/** The literal text around the placeholders, which must itself be valid in a tag. */
export function templateLiteral(template: string): string {
  return template.replace(placeholder, '');
}

export function fillTemplate(template: string, groups: Readonly<Record<string, string>>, numbered: readonly string[], refName = ''): string {
  return template.replace(placeholder, (_, inner: string) => {
    const key = inner.trim();
    if (/^\d+$/.test(key)) return numbered[Number(key) - 1] ?? '';
    // Own keys only: `${toString}` must not reach Object.prototype.
    if (Object.hasOwn(groups, key)) return groups[key] ?? '';
    return key === 'sourceref' ? refName : '';
  });
}
