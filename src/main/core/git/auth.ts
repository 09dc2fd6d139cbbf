/**
 * How Slipway hands a code-source token to git without it ever touching a URL, a config file, the
 * command line (visible to every user in `ps`) or a log line: git reads extra configuration from
 * GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n in its environment (git ≥ 2.31), and
 * `http.<origin>.extraHeader` sends an Authorization header to that origin only. A process's
 * environment is readable only by its own user, unlike its argv. A private CA goes the same way,
 * as `http.<origin>.sslCAInfo`: command-scoped like `-c`, and for that host only.
 *
 * Shared by every network git command (mirror fetches, ls-remote).
 */
import { AppError } from '../../../shared/errors';
import { phrase, type Text } from '../../../shared/i18n/phrase';
import type { GitCredential } from '../domain';

export type { GitCredential };

/** Who git is and whom it trusts for one remote: asked for at each network command (tokens get refreshed). */
export interface GitAuth {
  readonly credential: GitCredential | null;
  /** The private CA (PEM) the code source was bound with: git trusts it for that host only. */
  readonly caCertPem: string | null;
}

/** A fixed GitAuth, or how to get a fresh one. */
export type GitAuthProvider = GitAuth | (() => Promise<GitAuth>);

export const anonymousAuth: GitAuth = { credential: null, caCertPem: null };

/** The value of an HTTP Authorization header for a git host (Basic, as GitHub/GitLab take tokens). */
export function basicAuthorization(credential: GitCredential): string {
  return 'Basic ' + Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64');
}

/** scheme://host[:port]/ — git matches `http.<url>.*` keys by prefix, so this covers every path on the host. */
export function gitOrigin(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}/`;
}

/** Refuses URLs that carry a login: the credential goes in through the environment only. */
export function assertPlainRemoteUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('invalid_input', phrase('sources.git.notUrl'), phrase('sources.git.useHttpsHint'));
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('invalid_input', phrase('sources.git.httpOnly', { protocol: parsed.protocol.replace(/:$/, '') }), phrase('sources.git.useHttpsHint'));
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new AppError('invalid_input', phrase('sources.git.loginInUrl'), phrase('sources.git.loginInUrlHint'));
  }
}

/**
 * Variables that would make git ask a person (or a GUI helper) for a password, inject other config,
 * or point it at another repository than the one it runs in (Slipway started from a git hook).
 */
const dropped = [
  'GIT_ASKPASS', 'SSH_ASKPASS', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT',
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_COMMON_DIR',
  // Programs git could be told to run; none has a use in a fetch or a listing.
  'EDITOR', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'PAGER', 'GIT_PAGER', 'GIT_EXTERNAL_DIFF', 'GIT_SSH', 'GIT_SSH_COMMAND',
  'GIT_PROXY_COMMAND', 'GIT_TEMPLATE_DIR', 'GIT_CONFIG', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_EXEC_PATH', 'PREFIX',
];

/**
 * The environment for one git process talking to `url`. Never prompts: a wrong or missing token
 * fails at once with a 401 in stderr instead of hanging a build on an invisible prompt. The user's
 * own credential helpers are switched off so git neither answers with another login nor stores ours.
 * `caFile` is the code source's private CA (see ca-file.ts): trusted for this origin only.
 */
export function gitEnv(url: string, credential: GitCredential | null, base: NodeJS.ProcessEnv = process.env, caFile: string | null = null): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || dropped.includes(key.toUpperCase()) || /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(key)) continue;
    // git lets this variable override any configured CA: the bound one must win.
    if (caFile && key.toUpperCase() === 'GIT_SSL_CAINFO') continue;
    env[key] = value;
  }
  const config: [string, string][] = [
    ['credential.helper', ''],
    ['core.askPass', ''],
  ];
  if (credential) config.push([`http.${gitOrigin(url)}.extraHeader`, `Authorization: ${basicAuthorization(credential)}`]);
  if (caFile) config.push([`http.${gitOrigin(url)}.sslCAInfo`, caFile]);
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  env.GIT_TERMINAL_PROMPT = '0';
  env.GCM_INTERACTIVE = 'never';
  // Error messages are matched below; a localized git would say "401" in another sentence.
  env.LC_ALL = 'C';
  env.LANGUAGE = 'C';
  return env;
}

/** Removes anything credential-like from text that may reach a message or a log. */
export function redact(text: string, credential: GitCredential | null): string {
  let out = text.replace(/(Authorization:\s*)(Basic|Bearer)\s+\S+/gi, '$1$2 ***').replace(/(https?:\/\/)[^/@\s]+@/gi, '$1');
  if (credential) {
    for (const secret of [credential.password, Buffer.from(`${credential.username}:${credential.password}`).toString('base64')]) {
      if (secret.length >= 4) out = out.split(secret).join('***');
    }
  }
  return out;
}

export interface GitFailureContext {
  /** The repository's URL (no login in it). */
  readonly url: string;
  readonly credential: GitCredential | null;
  /** What was being done, for the message: "fetch", "read commit 1a2b3c4" (a phrase, or English). */
  readonly action: Text;
  /** What "not found" means here, when the repository itself answered: "No commit 1a2b3c4 in …". */
  readonly missing?: Text;
}

function stderrOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { stderr?: unknown; message?: unknown };
    if (typeof e.stderr === 'string' && e.stderr !== '') return e.stderr;
    if (typeof e.message === 'string') return e.message;
  }
  return String(error);
}

/** The last meaningful line git printed, without its "fatal:"/"error:" prefix and without secrets. */
export function lastGitLine(text: string, credential: GitCredential | null): string {
  const lines = redact(text, credential)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^hint:/.test(l));
  const fatal = lines.filter((l) => /^(fatal|error):/.test(l));
  return (fatal.at(-1) ?? lines.at(-1) ?? '').replace(/^(fatal|error):\s*/, '').slice(0, 300);
}

/** Maps a failed git run to an AppError that says what to do. Never carries the token. */
export function gitFailure(error: unknown, context: GitFailureContext): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') {
    return new AppError('unavailable', phrase('sources.git.missing'), phrase('sources.git.missingHint'));
  }
  const text = stderrOf(error);
  const where = safeHost(context.url);
  const action = context.action;
  // git's own last line is shown as git printed it.
  const detail = lastGitLine(text, context.credential);
  if (/returned error: 40[13]|Authentication failed|Access denied|could not read (Username|Password)|terminal prompts disabled|Invalid username or password/i.test(text)) {
    const forbidden = /returned error: 403/.test(text);
    return new AppError(
      'unauthorized',
      phrase('sources.git.refused', { host: where, who: context.credential ? 'token' : 'anonymous', status: forbidden ? '403' : '401', action }),
      context.credential ? phrase('sources.git.refusedTokenHint') : phrase('sources.git.refusedAnonymousHint'),
    );
  }
  if (/returned error: 404|repository '.*' not found|does not appear to be a git repository|Repository not found|not found: did you run git update-server-info/i.test(text)) {
    return new AppError('not_found', phrase('sources.git.noRepository', { host: where, path: safePath(context.url) }), phrase('sources.git.noRepositoryHint'));
  }
  if (/not our ref|couldn't find remote ref|unadvertised object|no such remote ref|bad object|did not send all necessary objects|invalid object name|unknown revision|Not a valid object name/i.test(text)) {
    return new AppError(
      'not_found',
      context.missing ?? phrase('sources.git.notFoundWhile', { action, detail }),
      phrase('sources.git.notFoundHint'),
    );
  }
  if (/timed out waiting/i.test(text)) {
    return new AppError('timeout', phrase('sources.git.timeout', { action, host: where }), phrase('sources.git.slowHint'));
  }
  if (/SSL|certificate|TLS|gnutls/i.test(text)) {
    return new AppError('tls', phrase('sources.git.tls', { host: where, detail }), phrase('sources.git.tlsHint'));
  }
  if (/Could not resolve host|Failed to connect|Connection refused|Connection timed out|Couldn't connect|Operation timed out|Connection reset|Empty reply from server|unable to access|RPC failed|early EOF|network is unreachable/i.test(text)) {
    return new AppError('unreachable', phrase('sources.git.unreachable', { host: where, action, detail }), phrase('sources.git.unreachableHint'));
  }
  return new AppError('remote_error', phrase('sources.git.failed', { action, detail: detail || phrase('sources.git.noReason') }), phrase('sources.git.failedHint'));
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the code host';
  }
}

function safePath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname;
  } catch {
    return 'that address';
  }
}
