import { AppError, quote } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import type { AccessReport, CredentialHolder, DockerLoginResult, LocalDockerStatus, LocalLogin, LoginCheck } from '../../../shared/models/docker-login';
import type { Registry } from '../../../shared/models/registry';
import { authEntries, readJsonConfig, stringMap, withAuthEntry, writeJsonConfig, type AuthEntry, type JsonConfigFile } from './config-file';
import { listDockerContexts } from './contexts';
import { CredentialHelper, type HelperCredential } from './credential-helper';
import { diagnoseSetup } from './diagnosis';
import { resolveLocalEngine, type EnvironmentLike } from './endpoint';
import { dockerConfigPath, dockerServerKey, hostOfServerKey, podmanAuthPath, podmanServerKey } from './locations';

/** How the service reaches a registry; the catalog supplies it so TLS and CA settings are Slipway's. */
export interface RegistryProbe {
  ping(target: ProbeTarget, credential: HelperCredential): Promise<void>;
  checkPull(target: ProbeTarget, credential: HelperCredential | undefined, repository: string): Promise<void>;
  checkPush(target: ProbeTarget, credential: HelperCredential | undefined, repository: string): Promise<void>;
}

/** A Slipway registry (with its CA and insecure flag) or just a host docker knows. */
export interface ProbeTarget {
  readonly host: string;
  readonly registryId?: string;
}

export interface KnownRegistries {
  list(): Registry[];
  credential(id: string): { registry: Registry; credential: HelperCredential | undefined };
}

export type Tool = 'docker' | 'podman';

export class LocalDockerLogins {
  constructor(
    private readonly env: EnvironmentLike,
    private readonly registries: KnownRegistries,
    private readonly probe: RegistryProbe,
    private readonly uid: () => number | undefined = () => process.getuid?.(),
  ) {}

  get configPath(): string {
    return dockerConfigPath(this.env);
  }

  get podmanPath(): string {
    return podmanAuthPath(this.env);
  }

  async status(): Promise<LocalDockerStatus> {
    const problems: LocalDockerStatus['problems'] = [];
    let config: JsonConfigFile = { path: this.configPath, exists: false, data: {} };
    try {
      config = readJsonConfig(this.configPath);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(setupProblem(error));
    }
    const credsStore = typeof config.data.credsStore === 'string' && config.data.credsStore ? config.data.credsStore : undefined;
    const credHelpers = stringMap(config.data.credHelpers);
    const engine = resolveLocalEngine(this.env);
    problems.push(
      ...diagnoseSetup({
        env: this.env,
        configPath: this.configPath,
        engineEndpoint: engine.endpoint,
        helpers: [...(credsStore ? [credsStore] : []), ...credHelpers.values()],
        uid: this.uid(),
      }),
    );
    const known = this.registries.list();
    const found = new Map<string, { server: string; tool: Tool; holder: CredentialHolder; credential: () => Promise<HelperCredential | undefined> }>();
    const add = (tool: Tool, server: string, holder: CredentialHolder, credential: () => Promise<HelperCredential | undefined>) => {
      if (!found.has(`${tool} ${server}`)) found.set(`${tool} ${server}`, { server, tool, holder, credential });
    };
    for (const [server, entry] of authEntries(config)) {
      const helper = helperFor(server, credHelpers, credsStore);
      if (helper && !entry.auth) add('docker', server, { kind: 'helper', name: helper }, () => new CredentialHelper(helper, this.env).get(server));
      else if (entry.auth || entry.identitytoken) add('docker', server, { kind: 'file', name: config.path }, () => Promise.resolve(decodeEntry(entry)));
    }
    // A helper may hold logins made by other tools that config.json does not list.
    const listed = new Set([...(credsStore ? [credsStore] : []), ...credHelpers.values()]);
    for (const helperName of listed) {
      const helper = new CredentialHelper(helperName, this.env);
      try {
        for (const server of Object.keys(await helper.list())) {
          if (helperFor(server, credHelpers, credsStore) === helperName) add('docker', server, { kind: 'helper', name: helperName }, () => helper.get(server));
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code !== 'unavailable') problems.push(setupProblem(error));
      }
    }
    try {
      const podman = readJsonConfig(this.podmanPath);
      for (const [server, entry] of authEntries(podman)) {
        if (entry.auth) add('podman', server, { kind: 'file', name: podman.path }, () => Promise.resolve(decodeEntry(entry)));
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(setupProblem(error));
    }
    const logins = await Promise.all(
      [...found.values()].map(async (item): Promise<LocalLogin> => {
        const host = hostOfServerKey(item.server);
        const registry = known.find((r) => r.endpoint === host);
        let username: string | undefined;
        let check: LoginCheck;
        try {
          const credential = await item.credential();
          username = credential?.username || undefined;
          check = credential
            ? await this.checkLogin({ host, ...(registry ? { registryId: registry.id } : {}) }, credential)
            : checkResult('failed', phrase('localDocker.check.noCredential'), phrase('localDocker.check.noCredentialHint'));
        } catch (error) {
          check = failed(error);
        }
        return {
          server: item.server,
          tool: item.tool,
          holder: item.holder,
          ...(username ? { username } : {}),
          ...(registry ? { registryId: registry.id, registryName: registry.name } : {}),
          check,
        };
      }),
    );
    return {
      configPath: this.configPath,
      configExists: config.exists,
      ...(credsStore ? { credsStore } : {}),
      credHelpers: Object.fromEntries(credHelpers),
      podmanAuthPath: this.podmanPath,
      logins: logins.sort((a, b) => a.tool.localeCompare(b.tool) || a.server.localeCompare(b.server)),
      engine: {
        endpoint: engine.endpoint,
        source: engine.source,
        ...(engine.contextName ? { contextName: engine.contextName } : {}),
        ...(this.env.DOCKER_HOST ? { dockerHost: this.env.DOCKER_HOST } : {}),
      },
      contexts: listDockerContexts(this.env),
      problems,
    };
  }

  /**
   * Writes Slipway's stored login for a registry where the tool will look for it. The login is
   * proved against /v2/ first: a credential that fails is never written.
   */
  async logIn(registryId: string, tool: Tool): Promise<DockerLoginResult> {
    const { registry, credential } = this.registries.credential(registryId);
    if (!credential) {
      throw new AppError('invalid_input', phrase('localDocker.login.noCredential', { name: registry.name }), phrase('localDocker.login.noCredentialHint'));
    }
    await this.probe.ping({ host: registry.endpoint, registryId }, credential);
    if (tool === 'podman') {
      const server = podmanServerKey(registry.endpoint);
      const file = readJsonConfig(this.podmanPath);
      writeJsonConfig(file.path, withAuthEntry(file.data, server, { auth: basic(credential) }));
      return said({ server, tool, holder: { kind: 'file', name: file.path } }, phrase('localDocker.login.podman', { registry: registry.endpoint, username: credential.username }));
    }
    const server = dockerServerKey(registry.endpoint);
    const file = readJsonConfig(this.configPath);
    const helper = helperFor(server, stringMap(file.data.credHelpers), typeof file.data.credsStore === 'string' ? file.data.credsStore : undefined);
    if (helper) {
      await new CredentialHelper(helper, this.env).store(server, credential);
      // As the CLI does: an empty entry records the login; any plain-text copy is dropped.
      writeJsonConfig(file.path, withAuthEntry(file.data, server, {}));
      return said(
        { server, tool, holder: { kind: 'helper', name: helper } },
        phrase('localDocker.login.dockerHelper', { registry: registry.endpoint, username: credential.username, helper: `docker-credential-${helper}` }),
      );
    }
    writeJsonConfig(file.path, withAuthEntry(file.data, server, { auth: basic(credential) }));
    return said({ server, tool, holder: { kind: 'file', name: file.path } }, phrase('localDocker.login.dockerFile', { registry: registry.endpoint, username: credential.username, path: file.path }));
  }

  /** Removes one login; every other entry, helper and key stays as it was. */
  async logOut(server: string, tool: Tool): Promise<DockerLoginResult> {
    if (tool === 'podman') {
      const file = readJsonConfig(this.podmanPath);
      if (!authEntries(file).has(server)) throw notLoggedIn('Podman', server);
      writeJsonConfig(file.path, withAuthEntry(file.data, server, undefined));
      return said({ server, tool, holder: { kind: 'file', name: file.path } }, phrase('localDocker.logout.done', { tool: 'Podman', server: quote(server) }));
    }
    const file = readJsonConfig(this.configPath);
    const helper = helperFor(server, stringMap(file.data.credHelpers), typeof file.data.credsStore === 'string' ? file.data.credsStore : undefined);
    let erased = false;
    if (helper) {
      const store = new CredentialHelper(helper, this.env);
      // The CLI erases the key and its http/https spellings, which older CLIs wrote.
      const host = hostOfServerKey(server) === 'docker.io' ? server : server.replace(/^[a-z]+:\/\//i, '');
      for (const key of [...new Set([server, host, `http://${host}`, `https://${host}`])]) erased = (await store.erase(key)) || erased;
    }
    if (authEntries(file).has(server)) {
      writeJsonConfig(file.path, withAuthEntry(file.data, server, undefined));
      erased = true;
    }
    if (!erased) throw notLoggedIn('Docker', server);
    return said({ server, tool, holder: helper ? { kind: 'helper', name: helper } : { kind: 'file', name: file.path } }, phrase('localDocker.logout.done', { tool: 'Docker', server: quote(server) }));
  }

  /** Can Slipway's login for this registry pull and push one repository? Denied and unauthorized told apart. */
  async checkAccess(registryId: string, repository: string): Promise<AccessReport> {
    const { registry, credential } = this.registries.credential(registryId);
    const target = { host: registry.endpoint, registryId };
    const pull = await this.probe.checkPull(target, credential, repository).then(() => checkResult('works', phrase('localDocker.check.canPull', { repository })), failed);
    const push = await this.probe.checkPush(target, credential, repository).then(() => checkResult('works', phrase('localDocker.check.canPush', { repository })), failed);
    return { repository, pull, push };
  }

  private async checkLogin(target: ProbeTarget, credential: HelperCredential): Promise<LoginCheck> {
    try {
      await this.probe.ping(target, credential);
      return checkResult('works', phrase('localDocker.check.works'));
    } catch (error) {
      return failed(error);
    }
  }
}

function helperFor(server: string, credHelpers: ReadonlyMap<string, string>, credsStore: string | undefined): string | undefined {
  return credHelpers.get(server) ?? credHelpers.get(hostOfServerKey(server)) ?? credsStore;
}

function basic(credential: HelperCredential): string {
  return Buffer.from(`${credential.username}:${credential.secret}`).toString('base64');
}

function decodeEntry(entry: AuthEntry): HelperCredential | undefined {
  if (typeof entry.auth !== 'string' || entry.auth === '') return undefined;
  const text = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { username: text.slice(0, colon), secret: text.slice(colon + 1) };
}

/** A check's result in English (for the API and logs) and as phrases (for the reader's language). */
function checkResult(state: LoginCheck['state'], message: Phrase, hint?: Phrase): LoginCheck {
  return { state, message: inEnglish(message), phrase: message, ...(hint ? { hint: inEnglish(hint), hintPhrase: hint } : {}) };
}

function failed(error: unknown): LoginCheck {
  if (error instanceof AppError) return { state: 'failed', code: error.code, ...problemText(error) };
  throw error;
}

/** An AppError's words as a record carries them: English, plus the phrases when it has them. */
function problemText(error: AppError): { message: string; hint?: string; phrase?: Phrase; hintPhrase?: Phrase } {
  return {
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.phrase ? { phrase: error.phrase } : {}),
    ...(error.hintPhrase ? { hintPhrase: error.hintPhrase } : {}),
  };
}

function setupProblem(error: AppError): LocalDockerStatus['problems'][number] {
  return { ...problemText(error), hint: error.hint ?? '' };
}

function said(result: Omit<DockerLoginResult, 'message' | 'phrase'>, message: Phrase): DockerLoginResult {
  return { ...result, message: inEnglish(message), phrase: message };
}

function notLoggedIn(tool: string, server: string): AppError {
  return new AppError('not_found', phrase('localDocker.logout.notLoggedIn', { tool, server: quote(server) }), phrase('localDocker.logout.notLoggedInHint'));
}
