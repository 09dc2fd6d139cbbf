import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import type { ConnectionReport } from '../../../shared/models/registry';
import type { ImageTag } from '../../../shared/models/image-tag';
import type { ImageRepository } from '../../../shared/models/repository';
import { normalizeRegistryHost, RegistryClient } from '../registries';
import type { RegistryRecord } from './registry-store';

/** The seam between the catalog handlers and the distribution client. */
export function clientFor(registry: RegistryRecord, password: string | undefined): RegistryClient {
  const { view } = registry;
  return new RegistryClient(
    { host: view.endpoint, insecure: view.insecure, ...(registry.caCertPem ? { caCertPem: registry.caCertPem } : {}) },
    view.username ? { username: view.username, secret: password ?? '' } : undefined,
  );
}

export const registryAccess = {
  normalizeEndpoint: normalizeRegistryHost,
  async testConnection(registry: RegistryRecord, password: string | undefined): Promise<ConnectionReport> {
    try {
      const result = await clientFor(registry, password).ping();
      const connected = phrase('registries.test.connected', { auth: result.authKind });
      return { ok: true, authKind: result.authKind, message: inEnglish(connected), phrase: connected };
    } catch (error) {
      if (error instanceof AppError) {
        const { phrase: said, hintPhrase } = error;
        return { ok: false, code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}), ...(said ? { phrase: said } : {}), ...(hintPhrase ? { hintPhrase } : {}) };
      }
      throw error;
    }
  },
  async listTags(registry: RegistryRecord, password: string | undefined, repository: ImageRepository): Promise<ImageTag[]> {
    const client = clientFor(registry, password);
    const path = repository.reference.slice(registry.view.endpoint.length + 1);
    const names = await client.listTags(path);
    // Describing a tag costs a few requests; a bounded number at a time keeps big repositories responsive.
    const described: ImageTag[] = [];
    for (let i = 0; i < names.length; i += 8) {
      const batch = await Promise.all(names.slice(i, i + 8).map((tag) => client.describeTag(path, tag)));
      for (const d of batch) {
        described.push({
          tag: d.tag,
          digest: d.digest,
          mediaType: d.mediaType,
          size: d.size,
          platforms: [...d.platforms],
          ...(d.created ? { created: d.created } : {}),
          pullCommand: `docker pull ${repository.reference}:${d.tag}`,
        });
      }
    }
    return described.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? '') || a.tag.localeCompare(b.tag));
  },
};
