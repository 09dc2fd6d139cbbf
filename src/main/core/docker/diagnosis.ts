import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { EnvironmentLike } from './endpoint';

export interface SetupProblem {
  readonly message: string;
  readonly hint: string;
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
    problems.push({
      message: `Slipway runs as root through sudo, so it uses root's docker config (${configPath}); ${env.SUDO_USER}'s own docker reads their home folder's config instead.`,
      hint: `Start Slipway as ${env.SUDO_USER}, without sudo, so the login lands where your docker looks.`,
    });
  }
  const socket = input.engineEndpoint.startsWith('unix://') ? input.engineEndpoint.slice('unix://'.length) : undefined;
  if (uid !== 0 && socket && existsSync(socket)) {
    try {
      accessSync(socket, constants.R_OK | constants.W_OK);
    } catch {
      problems.push({
        message: `Your user may not use the Docker socket ${socket}, so docker is probably run with sudo here — and \`sudo docker\` reads /root/.docker/config.json, not ${configPath}.`,
        hint: 'Add yourself to the docker group (`sudo usermod -aG docker $USER`, then sign out and in) so docker and Slipway share one config; or log in with `sudo docker login` instead.',
      });
    }
  }
  if (uid !== undefined && existsSync(configPath)) {
    const owner = statSync(configPath).uid;
    if (owner !== uid) {
      problems.push({
        message: `${configPath} belongs to another user (uid ${owner}), usually root after a \`sudo docker login\`.`,
        hint: `Give it back: \`sudo chown $USER ${configPath}\`.`,
      });
    }
  }
  for (const helper of new Set(input.helpers)) {
    if (!onPath(`docker-credential-${helper}`, env.PATH ?? '')) {
      problems.push({
        message: `docker's config names the credential helper "${helper}", but docker-credential-${helper} is not on PATH: every docker login and pull with a login will fail.`,
        hint: `Install docker-credential-${helper}, or remove "${helper}" from credsStore/credHelpers in ${configPath}.`,
      });
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
