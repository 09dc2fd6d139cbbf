import { RegistryClient, type RegistryCredentials } from '../registries';
import type { KnownRegistries, ProbeTarget, RegistryProbe } from '../docker/local-logins';
import type { RegistryStore } from './registry-store';

/** The catalog's registries as the docker login service sees them. */
export function knownRegistries(store: RegistryStore): KnownRegistries {
  return {
    list: () => store.list(),
    credential(id) {
      const record = store.find(id);
      const password = store.password(record);
      return { registry: record.view, credential: record.view.username && password !== undefined ? { username: record.view.username, secret: password } : undefined };
    },
  };
}

/** Registry checks with Slipway's TLS settings for a registry it knows, plain HTTPS for one it does not. */
export function loginProbe(store: RegistryStore): RegistryProbe {
  const client = (target: ProbeTarget, credential: { username: string; secret: string } | undefined) => {
    const record = target.registryId ? store.find(target.registryId) : undefined;
    const creds: RegistryCredentials | undefined = credential ? { username: credential.username, secret: credential.secret } : undefined;
    return new RegistryClient(
      record ? { host: record.view.endpoint, insecure: record.view.insecure, ...(record.caCertPem ? { caCertPem: record.caCertPem } : {}) } : { host: target.host, insecure: false },
      creds,
      { timeoutMs: 8000 },
    );
  };
  return {
    async ping(target, credential) {
      await client(target, credential).ping();
    },
    checkPull: (target, credential, repository) => client(target, credential).checkPull(repository),
    checkPush: (target, credential, repository) => client(target, credential).checkPush(repository),
  };
}
