/**
 * Log lines are scrubbed before they reach the file: the values the vault holds (given by the
 * caller), and the shapes secrets take in text that did not come from the vault (an error message
 * quoting a header, a URL with a password, a provider token pasted somewhere).
 */
const shapes: readonly [RegExp, string][] = [
  // https://user:password@host
  [/([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi, '$1$2:[redacted]@'],
  // Authorization: Bearer …, Basic …, token …
  [/\b(bearer|basic|token)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1$2[redacted]'],
  // password=…, "token": "…", secret: …
  [/((?:pass(?:word)?|passwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|private[_-]?key)["']?\s*[:=]\s*["']?)([^"'\s,;&}]+)/gi, '$1[redacted]'],
  // GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab (glpat-, gloas-), Slack-style, AWS access key ids.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{16,}|gloas-[A-Za-z0-9_-]{16,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\b/g, '[redacted]'],
  // PEM private keys
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
];

export function redact(line: string, known: readonly string[] = []): string {
  let out = line;
  // Longest first, so a secret that contains another is removed whole.
  for (const value of [...known].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(value).join('[redacted]');
  for (const [pattern, replacement] of shapes) out = out.replace(pattern, replacement);
  return out;
}
