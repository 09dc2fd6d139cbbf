import { createHash } from 'node:crypto';
import { phrase } from '../../../shared/i18n/phrase';
import { AppError } from '../../../shared/errors';
import { parseChallenges, type Challenge } from './challenge';
import { apiBase, wireRepositoryName, type RegistryEndpoint } from './endpoint';
import { send, type HttpResponse } from './http';
import { manifestAccept, type Descriptor, type ImageConfig, type Manifest } from './media-types';

export interface RegistryCredentials {
  readonly username: string;
  readonly secret: string;
}

export type AuthKind = 'none' | 'basic' | 'bearer';

export interface PingResult {
  readonly authKind: AuthKind;
  readonly apiVersion?: string;
}

export interface TagDescription {
  readonly tag: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  readonly platforms: readonly string[];
  readonly created?: string;
}

const maxPages = 1000;
const maxChildren = 64;

/**
 * A client for the OCI distribution API that does the auth dance the docker CLI does: ping /v2/,
 * answer a Basic challenge with the login, or follow a Bearer challenge to its token realm for
 * exactly the scope needed. The secret goes only into Authorization headers.
 */
export class RegistryClient {
  readonly #endpoint: RegistryEndpoint;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #timeoutMs: number;
  readonly #base: URL;
  #challenge: Challenge | undefined;
  readonly #tokens = new Map<string, string>();

  constructor(endpoint: RegistryEndpoint, credentials?: RegistryCredentials, options: { timeoutMs?: number } = {}) {
    this.#endpoint = endpoint;
    this.#credentials = credentials && credentials.username ? credentials : undefined;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#base = apiBase(endpoint);
  }

  /** GET /v2/ and, if challenged, proves the login works. */
  async ping(): Promise<PingResult> {
    const first = await this.#send('GET', '/v2/');
    const apiVersion = header(first, 'docker-distribution-api-version');
    const extra = apiVersion ? { apiVersion } : {};
    if (first.status === 200) return { authKind: 'none', ...extra };
    if (first.status !== 401) throw remoteError(first, this.#endpoint.host);
    const challenge = this.#learnChallenge(first);
    if (!this.#credentials && challenge.scheme === 'basic') {
      throw new AppError('unauthorized', phrase('registries.errors.needsLogin', { host: this.#endpoint.host }), phrase('registries.errors.needsLoginHint'));
    }
    const second = await this.#send('GET', '/v2/', await this.#authorization(''));
    if (second.status === 200) return { authKind: challenge.scheme === 'bearer' ? 'bearer' : 'basic', ...extra };
    if (second.status === 401) throw wrongLogin(this.#endpoint.host);
    throw remoteError(second, this.#endpoint.host);
  }

  /** All tags of a repository, following the `Link: <…>; rel="next"` pages. */
  async listTags(repository: string, pageSize = 100): Promise<string[]> {
    const name = wireRepositoryName(this.#endpoint, repository);
    const tags: string[] = [];
    let path: string | undefined = `/v2/${name}/tags/list?n=${pageSize}`;
    for (let page = 0; path && page < maxPages; page++) {
      const res = await this.#repoRequest('GET', path, name, 'pull');
      if (res.status === 404) return tags;
      if (res.status !== 200) throw remoteError(res, this.#endpoint.host);
      const body = JSON.parse(res.body.toString('utf8')) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      path = nextLink(header(res, 'link'));
    }
    return tags;
  }

  async getManifest(repository: string, reference: string): Promise<{ digest: string; mediaType: string; manifest: Manifest; bytes: Buffer }> {
    const name = wireRepositoryName(this.#endpoint, repository);
    const res = await this.#repoRequest('GET', `/v2/${name}/manifests/${reference}`, name, 'pull', { accept: manifestAccept });
    if (res.status === 404) throw new AppError('not_found', phrase('registries.errors.manifestNotFound', { image: `${repository}:${reference}`, host: this.#endpoint.host }), phrase('registries.errors.manifestNotFoundHint'));
    if (res.status !== 200) throw remoteError(res, this.#endpoint.host);
    const manifest = JSON.parse(res.body.toString('utf8')) as Manifest;
    const digest = header(res, 'docker-content-digest') ?? `sha256:${createHash('sha256').update(res.body).digest('hex')}`;
    const mediaType = manifest.mediaType ?? header(res, 'content-type')?.split(';')[0] ?? 'application/vnd.oci.image.manifest.v1+json';
    return { digest, mediaType, manifest, bytes: res.body };
  }

  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const name = wireRepositoryName(this.#endpoint, repository);
    const res = await this.#repoRequest('GET', `/v2/${name}/blobs/${digest}`, name, 'pull', {}, true);
    if (res.status !== 200) throw remoteError(res, this.#endpoint.host);
    return res.body;
  }

  /** Digest, total size, platforms and creation time of a tag; index-aware. */
  async describeTag(repository: string, tag: string): Promise<TagDescription> {
    const top = await this.getManifest(repository, tag);
    if (top.manifest.manifests) {
      const children = top.manifest.manifests.filter((m) => m.platform && m.platform.os !== 'unknown').slice(0, maxChildren);
      let size = 0;
      let created: string | undefined;
      for (const child of children) {
        const { manifest } = await this.getManifest(repository, child.digest);
        size += imageSize(manifest);
        const config = await this.#config(repository, manifest);
        if (config?.created && (!created || config.created > created)) created = config.created;
      }
      return { tag, digest: top.digest, mediaType: top.mediaType, size, platforms: children.map((c) => platformName(c)), ...(created ? { created } : {}) };
    }
    const config = await this.#config(repository, top.manifest);
    const platform = config?.os ? [`${config.os}/${config.architecture ?? 'unknown'}${config.variant ? `/${config.variant}` : ''}`] : [];
    return { tag, digest: top.digest, mediaType: top.mediaType, size: imageSize(top.manifest), platforms: platform, ...(config?.created ? { created: config.created } : {}) };
  }

  /** Proves read access without downloading anything: the first page of tags (none yet is fine). */
  async checkPull(repository: string): Promise<void> {
    const name = wireRepositoryName(this.#endpoint, repository);
    const res = await this.#repoRequest('GET', `/v2/${name}/tags/list?n=1`, name, 'pull');
    if (res.status !== 200 && res.status !== 404) throw remoteError(res, this.#endpoint.host);
  }

  /** Proves write access the way a push begins, by opening an upload, then cancels it. */
  async checkPush(repository: string): Promise<void> {
    const name = wireRepositoryName(this.#endpoint, repository);
    const start = await this.#repoRequest('POST', `/v2/${name}/blobs/uploads/`, name, 'pull,push');
    if (start.status !== 202) throw remoteError(start, this.#endpoint.host);
    const location = new URL(header(start, 'location') ?? '', this.#base);
    await this.#repoRequest('DELETE', location.pathname + location.search, name, 'pull,push').catch(() => undefined);
  }

  /** Monolithic upload; skipped when the registry has the blob already. Returns its digest. */
  async putBlob(repository: string, data: Buffer): Promise<string> {
    const name = wireRepositoryName(this.#endpoint, repository);
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const head = await this.#repoRequest('HEAD', `/v2/${name}/blobs/${digest}`, name, 'pull,push');
    if (head.status === 200) return digest;
    const start = await this.#repoRequest('POST', `/v2/${name}/blobs/uploads/`, name, 'pull,push');
    if (start.status !== 202) throw remoteError(start, this.#endpoint.host);
    const location = new URL(header(start, 'location') ?? '', this.#base);
    location.searchParams.set('digest', digest);
    const put = await this.#repoRequest('PUT', location.pathname + location.search, name, 'pull,push', { 'content-type': 'application/octet-stream' }, false, data);
    if (put.status !== 201) throw remoteError(put, this.#endpoint.host);
    return digest;
  }

  async putManifest(repository: string, reference: string, body: Buffer, mediaType: string): Promise<string> {
    const name = wireRepositoryName(this.#endpoint, repository);
    const res = await this.#repoRequest('PUT', `/v2/${name}/manifests/${reference}`, name, 'pull,push', { 'content-type': mediaType }, false, body);
    if (res.status !== 201) throw remoteError(res, this.#endpoint.host);
    return header(res, 'docker-content-digest') ?? `sha256:${createHash('sha256').update(body).digest('hex')}`;
  }

  async #config(repository: string, manifest: Manifest): Promise<ImageConfig | undefined> {
    if (!manifest.config) return undefined;
    try {
      return JSON.parse((await this.getBlob(repository, manifest.config.digest)).toString('utf8')) as ImageConfig;
    } catch {
      return undefined;
    }
  }

  async #repoRequest(method: string, path: string, name: string, actions: string, headers: Record<string, string> = {}, follow = false, body?: Buffer): Promise<HttpResponse> {
    const scope = `repository:${name}:${actions}`;
    if (!this.#challenge) {
      const probe = await this.#send('GET', '/v2/');
      if (probe.status === 401) this.#learnChallenge(probe);
      else if (probe.status !== 200) throw remoteError(probe, this.#endpoint.host);
    }
    let res = await this.#send(method, path, { ...headers, ...(await this.#authorization(scope)) }, body, follow);
    if (res.status === 401) {
      // A token may have expired or the challenge changed: learn it again and retry once.
      this.#learnChallenge(res);
      this.#tokens.delete(scope);
      res = await this.#send(method, path, { ...headers, ...(await this.#authorization(scope)) }, body, follow);
      if (res.status === 401) {
        const insufficient = /insufficient_scope/.test(header(res, 'www-authenticate') ?? '');
        if (insufficient || this.#credentials) throw denied(this.#endpoint.host, name, actions, Boolean(this.#credentials));
        throw new AppError('unauthorized', phrase('registries.errors.needsLoginFor', { host: this.#endpoint.host, name }), phrase('registries.errors.needsLoginHint'));
      }
    }
    if (res.status === 403) throw denied(this.#endpoint.host, name, actions, Boolean(this.#credentials));
    return res;
  }

  #learnChallenge(res: HttpResponse): Challenge {
    const challenges = parseChallenges(header(res, 'www-authenticate') ?? '');
    const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (!chosen) throw new AppError('remote_error', phrase('registries.errors.undescribedLogin', { host: this.#endpoint.host }), phrase('registries.errors.undescribedLoginHint'));
    this.#challenge = chosen;
    return chosen;
  }

  async #authorization(scope: string): Promise<Record<string, string>> {
    const challenge = this.#challenge;
    if (!challenge) return {};
    if (challenge.scheme === 'basic') return this.#credentials ? { authorization: basic(this.#credentials) } : {};
    const cached = this.#tokens.get(scope);
    if (cached) return { authorization: `Bearer ${cached}` };
    const realm = challenge.params.realm;
    if (!realm) throw new AppError('remote_error', phrase('registries.errors.noRealm', { host: this.#endpoint.host }));
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    if (scope) url.searchParams.set('scope', scope);
    const res = await send({
      url,
      headers: this.#credentials ? { authorization: basic(this.#credentials) } : {},
      timeoutMs: this.#timeoutMs,
      ...(this.#endpoint.caCertPem ? { caCertPem: this.#endpoint.caCertPem } : {}),
      maxBytes: 1024 * 1024,
    });
    if (res.status === 401) throw wrongLogin(this.#endpoint.host);
    if (res.status === 403) throw denied(this.#endpoint.host, scope, '', true);
    if (res.status !== 200) throw remoteError(res, url.host);
    const body = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new AppError('remote_error', phrase('registries.errors.noToken', { host: this.#endpoint.host }));
    this.#tokens.set(scope, token);
    return { authorization: `Bearer ${token}` };
  }

  async #send(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer, follow = false): Promise<HttpResponse> {
    let url = new URL(path, this.#base);
    for (let hop = 0; hop < 5; hop++) {
      const res = await send({
        method,
        url,
        headers,
        ...(body ? { body } : {}),
        timeoutMs: this.#timeoutMs,
        ...(this.#endpoint.caCertPem ? { caCertPem: this.#endpoint.caCertPem } : {}),
      });
      const location = header(res, 'location');
      // Blob GETs may redirect to storage; the login is not sent along to another host.
      if (follow && [301, 302, 307, 308].includes(res.status) && location) {
        const next = new URL(location, url);
        if (next.host !== url.host) delete headers.authorization;
        url = next;
        continue;
      }
      return res;
    }
    throw new AppError('remote_error', phrase('registries.errors.tooManyRedirects', { host: this.#endpoint.host }));
  }
}

function basic(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.secret}`).toString('base64')}`;
}

function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function nextLink(link: string | undefined): string | undefined {
  const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  return match?.[1];
}

function imageSize(manifest: Manifest): number {
  return (manifest.config?.size ?? 0) + (manifest.layers ?? []).reduce((sum, l) => sum + (l.size ?? 0), 0);
}

function platformName(d: Descriptor): string {
  const p = d.platform;
  return p ? `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}` : 'unknown';
}

function wrongLogin(host: string): AppError {
  return new AppError('unauthorized', phrase('registries.errors.wrongLogin', { host }), phrase('registries.errors.wrongLoginHint'));
}

function denied(host: string, name: string, actions: string, loggedIn: boolean): AppError {
  return loggedIn
    ? new AppError('forbidden', phrase('registries.errors.denied', { action: actions.includes('push') ? 'push' : 'pull', name, host }), phrase('registries.errors.deniedHint'))
    : new AppError('unauthorized', phrase('registries.errors.needsLoginFor', { host, name }), phrase('registries.errors.needsLoginHint'));
}

function remoteError(res: HttpResponse, host: string): AppError {
  let detail = '';
  try {
    const body = JSON.parse(res.body.toString('utf8')) as { errors?: { code?: string; message?: string }[] };
    const first = body.errors?.[0];
    if (first) detail = `: ${first.code ?? ''} ${first.message ?? ''}`.trimEnd();
  } catch {
    // Not a distribution error body.
  }
  // The detail is the registry's own words, passed on as received.
  if (res.status === 404) return new AppError('not_found', phrase('registries.errors.answered404', { host, detail }), phrase('registries.errors.answered404Hint'));
  return new AppError('remote_error', phrase('registries.errors.answered', { host, status: String(res.status), detail }), phrase('registries.errors.answeredHint'));
}
