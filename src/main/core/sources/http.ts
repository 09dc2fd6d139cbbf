import { AppError } from '../../../shared/errors';
import { send, type HttpResponse } from '../registries/http';

/** Where a provider API lives and how to trust it. */
export interface ApiTarget {
  /** How the site is named in messages: "GitHub", "gitlab.example.com:8443". */
  readonly label: string;
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
        throw new AppError('remote_error', `${target.label} answered with something that is not JSON (HTTP ${res.status}).`, 'Check that the address points at the site itself, not a proxy or login page.');
      }
    },
  };
}

function rehint(error: unknown, target: ApiTarget): unknown {
  if (!(error instanceof AppError)) return error;
  const where = target.label;
  switch (error.code) {
    case 'tls':
      return /does not speak HTTPS/.test(error.message)
        ? new AppError('tls', `${where} does not speak HTTPS at this address.`, 'If the server serves plain HTTP, use an http:// address; otherwise check the port.', { cause: error })
        : new AppError('tls', `Cannot reach ${where} securely: ${error.message}`, "Add the server's CA certificate (PEM) to the binding, or fix the server's certificate.", { cause: error });
    case 'timeout':
      return new AppError('timeout', `Cannot reach ${where}: it did not answer in time.`, 'Check that the server is up and that no firewall, proxy or VPN is in the way.', { cause: error });
    case 'unreachable':
      return new AppError('unreachable', `Cannot reach ${where}: ${error.message}`, 'Check the address and port, that the server is running, and your network or VPN.', { cause: error });
    default:
      return error;
  }
}

/** The site answered, but not with success: told apart as bad token, no permission, not found, or other. */
export function answeredWithError(res: ApiResponse, target: ApiTarget, what: string, hints: { unauthorized: string; forbidden?: string; notFound?: string }): AppError {
  const detail = errorDetail(res);
  const suffix = detail ? ` (${detail})` : '';
  if (res.status === 401) return new AppError('unauthorized', `${target.label} refused the token while ${what}${suffix}.`, hints.unauthorized);
  if (res.status === 403) return new AppError('forbidden', `${target.label} does not allow this account to do that: ${what}${suffix}.`, hints.forbidden ?? 'Check the account’s permissions on the site.');
  if (res.status === 404) return new AppError('not_found', `${target.label} has nothing at this address while ${what}${suffix}.`, hints.notFound ?? 'Check the address and the name.');
  if (res.status === 429) return new AppError('remote_error', `${target.label} is rate-limiting requests.`, 'Wait a few minutes and try again.');
  return new AppError('remote_error', `${target.label} answered HTTP ${res.status} while ${what}${suffix}.`, 'Try again later; if it keeps happening, check the site’s status page.');
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
