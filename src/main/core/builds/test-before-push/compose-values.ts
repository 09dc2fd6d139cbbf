/**
 * Compose's variable substitution, the forms Docker Hub's test files use: `$NAME`, `${NAME}`,
 * `${NAME:-default}`, `${NAME-default}`, and `$$` for a literal dollar. An unset name becomes empty
 * (compose does the same, with a warning).
 */
export function interpolate(text: string, env: Readonly<Record<string, string>>, fail: (message: string) => Error): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) throw fail(`an unclosed \${ in ${JSON.stringify(text)}.`);
      const body = text.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/s.exec(body);
      if (!m) throw fail(`\${${body}} is not a substitution Slipway reads (\${NAME}, \${NAME:-default} and \${NAME-default} are).`);
      const [, name = '', op, fallback = ''] = m;
      const set = env[name];
      out += op === ':-' ? (set ? set : fallback) : op === '-' ? (set ?? fallback) : (set ?? '');
      i = close;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (!m) {
        out += '$';
        continue;
      }
      out += env[m[0]] ?? '';
      i += m[0].length;
    }
  }
  return out;
}

/**
 * A command given as one string, split into words the way compose splits it (POSIX shell quoting:
 * '…' literal, "…" with \ escapes, \ outside quotes), without running a shell.
 */
export function splitWords(text: string, fail: (message: string) => Error): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] ?? '')) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw fail(`an unclosed ${quote} in ${JSON.stringify(text)}.`);
  if (inWord) words.push(word);
  return words;
}
