import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import type { EnvironmentLike } from './endpoint';

/** English for the API and logs; the phrases for the reader's language. */
export interface SetupProblem {
  readonly message: string;
  readonly hint: string;
  readonly phrase: Phrase;
  readonly hintPhrase: Phrase;
}

function setupProblem(message: Phrase, hint: Phrase): SetupProblem {
  return { message: inEnglish(message), hint: inEnglish(hint), phrase: message, hintPhrase: hint };
}

export interface DiagnosisInput {
  readonly env: EnvironmentLike;
  readonly configPath: string;
  readonly engineEndpoint: string;
  readonly helpers: readonly string[];
  readonly uid: number | undefined;
}

/**
 * The setups that make `docker login` look broken although the login is right (the seeds' FAQ):
 * sudo splitting docker's config between root and the user, a config owned by root, a helper that
 * is named but not installed.
 */
export function diagnoseSetup(input: DiagnosisInput): SetupProblem[] {
  const problems: SetupProblem[] = [];
  const { env, configPath, uid } = input;
  if (uid === 0 && env.SUDO_USER && env.SUDO_USER !== 'root') {
    const user = env.SUDO_USER;
    problems.push(setupProblem(phrase('localDocker.diagnosis.sudo', { path: configPath, user }), phrase('localDocker.diagnosis.sudoHint', { user })));
  }
  const socket = input.engineEndpoint.startsWith('unix://') ? input.engineEndpoint.slice('unix://'.length) : undefined;
  if (uid !== 0 && socket && existsSync(socket)) {
    try {
      accessSync(socket, constants.R_OK | constants.W_OK);
    } catch {
      problems.push(setupProblem(phrase('localDocker.diagnosis.socket', { socket, path: configPath }), phrase('localDocker.diagnosis.socketHint')));
    }
  }
  if (uid !== undefined && existsSync(configPath)) {
    const owner = statSync(configPath).uid;
    if (owner !== uid) {
      problems.push(setupProblem(phrase('localDocker.diagnosis.owner', { path: configPath, uid: String(owner) }), phrase('localDocker.diagnosis.ownerHint', { path: configPath })));
    }
  }
  for (const helper of new Set(input.helpers)) {
    if (!onPath(`docker-credential-${helper}`, env.PATH ?? '')) {
      const program = `docker-credential-${helper}`;
      problems.push(
        setupProblem(phrase('localDocker.diagnosis.helperMissing', { helper, program }), phrase('localDocker.diagnosis.helperMissingHint', { helper, program, path: configPath })),
      );
    }
  }
  return problems;
}

function onPath(program: string, path: string): boolean {
  const names = process.platform === 'win32' ? [`${program}.exe`, `${program}.cmd`, program] : [program];
  return path.split(delimiter).some((dir) => dir && names.some((name) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }));
}
