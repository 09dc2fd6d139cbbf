import { AppError } from '../../../shared/errors';
import { phrase, type Phrase, type Text } from '../../../shared/i18n/phrase';
import { send, type HttpResponse } from '../registries/http';

/** Where a provider API lives and how to trust it. */
export interface ApiTarget {
  /** How the site is named in messages: "GitHub", "GitLab at gitlab.example.com:8443". */
  readonly label: Text;
  readonly caCertPem?: string;
  readonly timeoutMs?: number;
}

export interface ApiRequest {
  readonly method?: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

export interface ApiResponse extends HttpResponse {
  header(name: string): string | undefined;
  json<T>(): T;
}

/**
 * One call to a code-hosting API. The transport and the network-failure classification are the
 * registry client's (registries/http.ts: DNS, refused, reset, timeout, TLS told apart, custom CA);
 * only the hints are rewritten, because "mark the registry insecure" means nothing here.
 */
export async function apiRequest(target: ApiTarget, req: ApiRequest): Promise<ApiResponse> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Slipway', ...req.headers };
  let body = req.body;
  if (req.json !== undefined) {
    body = Buffer.from(JSON.stringify(req.json));
    headers['content-type'] = 'application/json';
  } else if (req.form) {
    body = Buffer.from(new URLSearchParams(req.form).toString());
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  let res: HttpResponse;
  try {
    res = await send({
      method: req.method ?? 'GET',
      url: req.url,
      headers,
      ...(body ? { body } : {}),
      ...(target.caCertPem ? { caCertPem: target.caCertPem } : {}),
      timeoutMs: target.timeoutMs ?? 15_000,
      maxBytes: 16 * 1024 * 1024,
    });
  } catch (error) {
    throw rehint(error, target);
  }
  return {
    ...res,
    header(name) {
      const value = res.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    json<T>(): T {
      try {
        return JSON.parse(res.body.toString('utf8')) as T;
      } catch {
        throw new AppError('remote_error', phrase('sources.http.notJson', { site: target.label, status: String(res.status) }), phrase('sources.http.notJsonHint'));
      }
    },
  };
}

function rehint(error: unknown, target: ApiTarget): unknown {
  if (!(error instanceof AppError)) return error;
  const site = target.label;
  // The transport's own words (which may be a phrase) go in as they are.
  const detail = error.phrase ?? error.message;
  switch (error.code) {
    case 'tls':
      return /does not speak HTTPS/.test(error.message)
        ? new AppError('tls', phrase('sources.http.noHttps', { site }), phrase('sources.http.noHttpsHint'), { cause: error })
        : new AppError('tls', phrase('sources.http.insecure', { site, detail }), phrase('sources.http.insecureHint'), { cause: error });
    case 'timeout':
      return new AppError('timeout', phrase('sources.http.timeout', { site }), phrase('sources.http.timeoutHint'), { cause: error });
    case 'unreachable':
      return new AppError('unreachable', phrase('sources.http.unreachable', { site, detail }), phrase('sources.http.unreachableHint'), { cause: error });
    default:
      return error;
  }
}

/** The site answered, but not with success: told apart as bad token, no permission, not found, or other. */
export function answeredWithError(res: ApiResponse, target: ApiTarget, what: Phrase, hints: { unauthorized: Phrase; forbidden?: Phrase; notFound?: Phrase }): AppError {
  const params = { site: target.label, what, suffix: siteDetail(errorDetail(res)) };
  if (res.status === 401) return new AppError('unauthorized', phrase('sources.http.unauthorized', params), hints.unauthorized);
  if (res.status === 403) return new AppError('forbidden', phrase('sources.http.forbidden', params), hints.forbidden ?? phrase('sources.http.forbiddenHint'));
  if (res.status === 404) return new AppError('not_found', phrase('sources.http.notFound', params), hints.notFound ?? phrase('sources.http.notFoundHint'));
  if (res.status === 429) return new AppError('remote_error', phrase('sources.http.rateLimited', { site: target.label }), phrase('sources.http.rateLimitedHint'));
  return new AppError('remote_error', phrase('sources.http.status', { ...params, status: String(res.status) }), phrase('sources.http.statusHint'));
}

/** A site's own explanation, in parentheses after Slipway's sentence; nothing when it gave none. */
export function siteDetail(detail: string): Text {
  return detail ? phrase('sources.http.detail', { detail }) : '';
}

function errorDetail(res: ApiResponse): string {
  try {
    const body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
    const pick = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const nested = typeof body.error === 'object' && body.error !== null ? pick((body.error as Record<string, unknown>).message) : undefined;
    return (pick(body.error_description) ?? pick(body.message) ?? nested ?? pick(body.error) ?? '').slice(0, 200);
  } catch {
    return '';
  }
}

/** fetch() for libraries that take one (Octokit): the same transport, CA and error classification. */
export function fetchVia(target: ApiTarget): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    const body = typeof init?.body === 'string' ? Buffer.from(init.body) : init?.body instanceof Uint8Array ? Buffer.from(init.body) : undefined;
    const res = await apiRequest(target, { method: init?.method ?? 'GET', url, headers, ...(body ? { body } : {}) });
    const responseHeaders = new Headers();
    for (const [key, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(key, v);
    }
    const empty = res.status === 204 || res.status === 304 || (init?.method ?? 'GET') === 'HEAD';
    return new Response(empty ? null : new Uint8Array(res.body), { status: res.status, headers: responseHeaders });
  };
}

/** The `Link: <…>; rel="next"` page GitHub and Gitee send. */
export function hasNextLink(res: ApiResponse): boolean {
  return /rel="?next"?/.test(res.header('link') ?? '');
}
