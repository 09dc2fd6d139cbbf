import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { phrase } from '../../../shared/i18n/phrase';
import { AppError } from '../../../shared/errors';

export interface HttpRequest {
  readonly method?: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly caCertPem?: string;
  readonly timeoutMs: number;
  /** Bodies past this are cut: a registry error page should not fill memory. */
  readonly maxBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_NOT_YET_VALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO',
]);

/** One HTTP exchange with the failure told apart: cannot reach, TLS, or too slow. Never logs. */
export function send(req: HttpRequest): Promise<HttpResponse> {
  const where = req.url.host;
  return new Promise((resolve, reject) => {
    const options = {
      method: req.method ?? 'GET',
      headers: { ...(req.body ? { 'content-length': String(req.body.length) } : {}), ...req.headers },
      ...(req.caCertPem ? { ca: req.caCertPem } : {}),
      timeout: req.timeoutMs,
    };
    const call = req.url.protocol === 'https:' ? httpsRequest(req.url, options) : httpRequest(req.url, options);
    call.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const max = req.maxBytes ?? 8 * 1024 * 1024;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= max) chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error) => reject(classify(error, where)));
    });
    call.on('timeout', () => call.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    call.on('error', (error) => reject(classify(error, where)));
    call.end(req.body);
  });
}

function classify(error: Error, where: string): AppError {
  const code = String((error as { code?: unknown }).code ?? '');
  if (tlsCodes.has(code) || /certificate|SSL|TLS/i.test(error.message)) {
    const wrongProtocol = code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO';
    return new AppError(
      'tls',
      wrongProtocol ? phrase('registries.errors.notHttps', { where }) : phrase('registries.errors.untrustedCertificate', { where, code: code || 'TLS error' }),
      wrongProtocol ? phrase('registries.errors.notHttpsHint') : phrase('registries.errors.untrustedCertificateHint'),
      { cause: error },
    );
  }
  if (code === 'ETIMEDOUT') return new AppError('timeout', phrase('registries.errors.timeout', { where }), phrase('registries.errors.timeoutHint'), { cause: error });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new AppError('unreachable', phrase('registries.errors.hostNotFound', { where }), phrase('registries.errors.hostNotFoundHint'), { cause: error });
  if (code === 'ECONNRESET' && where) return new AppError('unreachable', phrase('registries.errors.connectionClosed', { where }), phrase('registries.errors.connectionClosedHint'), { cause: error });
  return new AppError('unreachable', phrase('registries.errors.cannotConnect', { where, code: code || 'network error' }), phrase('registries.errors.cannotConnectHint'), { cause: error });
}
