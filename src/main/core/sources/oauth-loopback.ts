import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AppError, quote } from '../../../shared/errors';
import { sameSecret } from './pkce';

export interface LoopbackOptions {
  readonly state: string;
  /** 0 for a random port (RFC 8252 §7.3); a fixed one for providers that allow a single callback URL. */
  readonly port: number;
  readonly timeoutMs: number;
  /** Runs with the code once a callback with the right state arrives; its result is shown in the browser. */
  readonly onCode: (code: string) => Promise<string>;
}

export type LoopbackOutcome =
  | { readonly kind: 'done'; readonly message: string }
  | { readonly kind: 'failed'; readonly error: AppError }
  | { readonly kind: 'expired' }
  | { readonly kind: 'canceled' };

export interface LoopbackListener {
  readonly redirectUri: string;
  readonly outcome: Promise<LoopbackOutcome>;
  cancel(): void;
}

/**
 * The redirect target of a native app's OAuth flow (RFC 8252): listens on 127.0.0.1 only, accepts
 * exactly one callback carrying the flow's `state`, then closes, so a replayed or second callback
 * meets a closed port. A callback with another state is answered and ignored, so a page that forges
 * one cannot end the real flow. Gives up after the timeout.
 */
export async function startLoopback(options: LoopbackOptions): Promise<LoopbackListener> {
  let settle: (outcome: LoopbackOutcome) => void = () => undefined;
  const outcome = new Promise<LoopbackOutcome>((resolve) => (settle = resolve));
  let accepted = false;
  let finished = false;

  const server = createServer((req, res) => void handle(req, res));
  const finish = (result: LoopbackOutcome) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    server.close();
    settle(result);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') return page(res, 404, 'Not found', 'This address only receives Slipway’s sign-in callback.');
    if (accepted) return page(res, 409, 'Already used', 'This sign-in was already completed. You can return to Slipway.');
    const state = url.searchParams.get('state') ?? '';
    if (!sameSecret(state, options.state)) {
      return page(res, 400, 'Sign-in refused', 'This response does not belong to the sign-in Slipway started, so it was ignored. You can return to Slipway.');
    }
    accepted = true;
    // No further callback is accepted from here on: the listening socket goes away now.
    server.close();
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      const denied = error === 'access_denied';
      const failure = denied
        ? new AppError('canceled', 'Access was not granted on the provider’s page.', 'Click Bind Account again and choose Authorize.')
        : new AppError('remote_error', `The provider ended the sign-in with ${quote((url.searchParams.get('error_description') ?? error ?? 'no code').slice(0, 200))}.`, 'Check the OAuth app’s callback URL and try again.');
      page(res, 400, denied ? 'Not authorized' : 'Sign-in failed', `${failure.message} You can return to Slipway.`);
      return finish({ kind: 'failed', error: failure });
    }
    try {
      const message = await options.onCode(code);
      page(res, 200, 'Signed in', `${message} You can return to Slipway.`);
      finish({ kind: 'done', message });
    } catch (caught) {
      const failure = caught instanceof AppError ? caught : new AppError('internal', 'Slipway could not finish the sign-in.', 'Try again; the log has the details.', { cause: caught });
      page(res, 502, 'Sign-in failed', `${failure.message} You can return to Slipway.`);
      finish({ kind: 'failed', error: failure });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError('conflict', `Port ${options.port} on 127.0.0.1 is in use, and the OAuth app’s callback URL needs it.`, 'Close the program using it (or another Slipway sign-in in progress) and try again.')
          : new AppError('internal', `Cannot listen on 127.0.0.1 for the sign-in callback (${error.code ?? error.message}).`, 'Check that nothing blocks loopback connections.'),
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(() => finish({ kind: 'expired' }), options.timeoutMs);
  timer.unref();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    outcome,
    cancel: () => finish({ kind: 'canceled' }),
  };
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Slipway</title>
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}</style></head>
<body><main><h1>${escape(title)}</h1><p>${escape(text)}</p></main></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
