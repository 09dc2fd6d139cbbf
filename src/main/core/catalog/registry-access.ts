import { AppError } from '../../../shared/errors';
import type { ConnectionReport } from '../../../shared/models/registry';
import type { RegistryRecord } from './registry-store';

/**
 * How the catalog reaches a registry: endpoint normalisation and the connection test.
 * The distribution client lives in core/registries; this is the seam the handlers use.
 */
export const registryAccess = {
  normalizeEndpoint(input: string): string {
    let value = input.trim();
    const scheme = /^(https?):\/\//i.exec(value);
    if (scheme) value = value.slice(scheme[0].length);
    value = value.replace(/\/+$/, '');
    if (value.includes('/')) {
      throw new AppError('invalid_input', `"${input}" looks like a repository address, not a registry.`, 'Enter only the registry host, like ghcr.io or localhost:5000; the repository path goes in the image repository.');
    }
    if (!/^(\[[0-9a-f:]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/i.test(value)) {
      throw new AppError('invalid_input', `"${input}" is not a registry address.`, 'Use host or host:port, like registry.example.com:5000.');
    }
    const lower = value.toLowerCase();
    return lower === 'index.docker.io' || lower === 'registry-1.docker.io' ? 'docker.io' : lower;
  },
  async testConnection(_registry: RegistryRecord, _password: string | undefined): Promise<ConnectionReport> {
    throw new AppError('unavailable', 'Testing the connection is not available in this build yet.', 'Save the registry now; the test arrives with the registry client.');
  },
};
