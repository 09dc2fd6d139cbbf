import { execFile } from 'node:child_process';
import { AppError, quote } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { EnvironmentLike } from './endpoint';

export interface HelperCredential {
  readonly username: string;
  readonly secret: string;
}

/** docker-credential-helpers' wording for "nothing stored here"; every helper uses it. */
const notFound = /credentials not found/i;

/**
 * A docker credential helper (docker-credential-<name>), spoken to exactly as the docker CLI does:
 * the command as the only argument, the payload on stdin, the answer (or the error text) on stdout.
 */
export class CredentialHelper {
  readonly program: string;

  constructor(
    readonly name: string,
    private readonly env: EnvironmentLike,
    private readonly timeoutMs = 20_000,
  ) {
    this.program = `docker-credential-${name}`;
  }

  async store(server: string, credential: HelperCredential): Promise<void> {
    // Same bytes as the CLI: Go's json.Encoder, which ends with a newline.
    await this.run('store', JSON.stringify({ ServerURL: server, Username: credential.username, Secret: credential.secret }) + '\n');
  }

  async get(server: string): Promise<HelperCredential | undefined> {
    const answer = await this.run('get', server, true);
    if (answer === undefined) return undefined;
    const parsed = parseObject(answer, this.program);
    return { username: typeof parsed.Username === 'string' ? parsed.Username : '', secret: typeof parsed.Secret === 'string' ? parsed.Secret : '' };
  }

  /** True when something was erased; false when the helper had nothing for that server. */
  async erase(server: string): Promise<boolean> {
    return (await this.run('erase', server, true)) !== undefined;
  }

  async list(): Promise<Record<string, string>> {
    const parsed = parseObject((await this.run('list', '')) ?? '{}', this.program);
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }

  private run(command: string, input: string, missingIsUndefined = false): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const child = execFile(this.program, [command], { env: { ...this.env }, timeout: this.timeoutMs, maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          return reject(
            new AppError(
              'unavailable',
              phrase('localDocker.helper.missing', { program: this.program }),
              phrase('localDocker.helper.missingHint', { program: this.program, helper: this.name }),
            ),
          );
        }
        const said = `${stdout}${stderr}`.trim();
        if (missingIsUndefined && notFound.test(said)) return resolve(undefined);
        if (error.killed) {
          return reject(new AppError('timeout', phrase('localDocker.helper.timeout', { program: this.program, command }), phrase('localDocker.helper.timeoutHint')));
        }
        // The helper's own words can name the server but never carry the secret: it never echoes stdin.
        const reason = said ? quote(said.split('\n')[0]) : phrase('localDocker.helper.exitCode', { code: String(error.code) });
        reject(new AppError('remote_error', phrase('localDocker.helper.failed', { program: this.program, command, reason }), phrase('localDocker.helper.failedHint')));
      });
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input);
    });
  }
}

function parseObject(text: string, program: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AppError('remote_error', phrase('localDocker.helper.notJson', { program }), phrase('localDocker.helper.notJsonHint'));
}
