/** One challenge of a WWW-Authenticate header: `Bearer realm="…",service="…",scope="…"`. */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses WWW-Authenticate as RFC 7235 writes it: several challenges, params with quoted values
 * that may hold commas and escaped quotes (a scope like `repository:a/b:pull,push`).
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  const skip = () => {
    while (i < header.length && /[\s,]/.test(header[i] ?? '')) i++;
  };
  const token = () => {
    const start = i;
    while (i < header.length && /[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(header[i] ?? '')) i++;
    return header.slice(start, i);
  };
  while (i < header.length) {
    skip();
    const word = token();
    if (!word) {
      i++;
      continue;
    }
    while (header[i] === ' ') i++;
    if (header[i] === '=' && challenges.length > 0) {
      // name=value belongs to the current challenge.
      i++;
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < header.length && header[i] !== '"') {
          if (header[i] === '\\') i++;
          value += header[i] ?? '';
          i++;
        }
        i++;
      } else {
        // Unquoted values are tolerated up to the next separator (some registries send URLs bare).
        const start = i;
        while (i < header.length && !/[\s,]/.test(header[i] ?? '')) i++;
        value = header.slice(start, i);
      }
      const current = challenges[challenges.length - 1];
      if (current) current.params[word.toLowerCase()] = value;
    } else {
      challenges.push({ scheme: word.toLowerCase(), params: {} });
    }
  }
  return challenges;
}
