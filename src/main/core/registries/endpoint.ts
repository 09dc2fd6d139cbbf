import { phrase } from '../../../shared/i18n/phrase';
import { AppError, quote } from '../../../shared/errors';

export interface RegistryEndpoint {
  /** host[:port] as Slipway stores it: docker.io, ghcr.io, localhost:5000. */
  readonly host: string;
  /** Plain HTTP: only when the user marks the registry insecure. */
  readonly insecure: boolean;
  readonly caCertPem?: string;
}

/**
 * Normalises what a user types for a registry: a scheme and trailing slash are dropped, Docker
 * Hub's aliases become docker.io, and a repository URL is refused with the fix.
 */
export function normalizeRegistryHost(input: string): string {
  let value = input.trim();
  const scheme = /^(https?):\/\//i.exec(value);
  if (scheme) value = value.slice(scheme[0].length);
  value = value.replace(/\/+$/, '').replace(/\/v2$/, '');
  if (value.includes('/')) {
    throw new AppError('invalid_input', phrase('registries.errors.repositoryAddress', { input: quote(input) }), phrase('registries.errors.repositoryAddressHint'));
  }
  if (!/^(\[[0-9a-f:]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/i.test(value)) {
    throw new AppError('invalid_input', phrase('registries.errors.notAnAddress', { input: quote(input) }), phrase('registries.errors.notAnAddressHint'));
  }
  const lower = value.toLowerCase();
  return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(lower) ? 'docker.io' : lower;
}

/** Where the distribution API lives for a stored host. */
export function apiBase(endpoint: RegistryEndpoint): URL {
  const host = endpoint.host === 'docker.io' ? 'registry-1.docker.io' : endpoint.host;
  return new URL(`${endpoint.insecure ? 'http' : 'https'}://${host}`);
}

/** Docker Hub keeps official images under library/: `nginx` is `library/nginx` on the wire. */
export function wireRepositoryName(endpoint: RegistryEndpoint, repository: string): string {
  return endpoint.host === 'docker.io' && !repository.includes('/') ? `library/${repository}` : repository;
}
