import { simpleGit, type SimpleGit } from 'simple-git';
import type { GitCredential } from '../domain';

/** Variables that would let the user's environment run a program or prompt in our git. */
const dropped = /^(GIT_ASKPASS|SSH_ASKPASS|GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS|GLOBAL|SYSTEM)|GIT_CONFIG|GIT_EDITOR|GIT_PAGER|GIT_EXTERNAL_DIFF|GIT_PROXY_COMMAND|GIT_SSH|GIT_SSH_COMMAND|GIT_EXEC_PATH|GIT_TEMPLATE_DIR|GIT_SEQUENCE_EDITOR|GIT_DIR|GIT_WORK_TREE|EDITOR|PAGER|PREFIX)$/i;

/**
 * The environment for one git run that needs a login. The credential travels as an
 * `http.extraHeader` set through GIT_CONFIG_COUNT/KEY/VALUE: environment variables, unlike `-c`
 * arguments, are not shown by `ps` to other users, and nothing is written to a URL or a config file.
 * Credential helpers and prompts are switched off so a missing or wrong login fails at once
 * instead of waiting on a terminal or picking up someone else's stored password.
 */
export function gitEnvironment(credential: GitCredential | null, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined && !dropped.test(key)) env[key] = value;
  const config: [string, string][] = [['credential.helper', '']];
  if (credential) {
    const basic = Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64');
    config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
  }
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  env.GIT_TERMINAL_PROMPT = '0';
  // git would otherwise guess a language from the environment; errors are matched in English.
  env.LC_ALL = 'C';
  return env;
}

export interface GitOptions {
  readonly baseDir?: string;
  readonly credential?: GitCredential | null;
  /** Kills git when it has printed nothing for this long (a host that accepts and never answers). */
  readonly timeoutMs?: number;
}

/** A simple-git instance whose login comes only from {@link gitEnvironment}. */
export function authenticatedGit(options: GitOptions = {}): SimpleGit {
  return simpleGit({
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    timeout: { block: options.timeoutMs ?? 30_000 },
    // Our own GIT_CONFIG_COUNT carries the login and empties credential.helper; simple-git refuses
    // both unless told they are deliberate. Nothing here comes from user input.
    unsafe: { allowUnsafeConfigEnvCount: true, allowUnsafeCredentialHelper: true },
  }).env(gitEnvironment(options.credential ?? null));
}
