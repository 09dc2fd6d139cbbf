import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AppError, quote } from '../../../shared/errors';
import type { MessageKey } from '../../../shared/i18n/catalogs';
import { acceptLanguageTags, displayLocale, type LanguageChoice } from '../../../shared/i18n/locales';
import { phrase, type Text } from '../../../shared/i18n/phrase';
import { createTranslator, type Translator } from '../../../shared/i18n/translate';
import { sameSecret } from './pkce';

export interface LoopbackOptions {
  readonly state: string;
  /** 0 for a random port (RFC 8252 §7.3); a fixed one for providers that allow a single callback URL. */
  readonly port: number;
  readonly timeoutMs: number;
  /** Runs with the code once a callback with the right state arrives; its result is shown in the browser. */
  readonly onCode: (code: string) => Promise<Text>;
  /** The language preference: the landing page follows it, or the browser's Accept-Language under 'system'. */
  readonly language?: () => LanguageChoice;
}

export type LoopbackOutcome =
  | { readonly kind: 'done'; readonly message: Text }
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
    // The page is read in the system browser, so a 'system' preference means that browser's language.
    const words = createTranslator(displayLocale(options.language?.() ?? 'system', acceptLanguageTags(req.headers['accept-language'])));
    const page = (status: number, title: MessageKey, text: Text) => answer(res, words, status, title, text);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') return page(404, 'sources.landing.notFound', phrase('sources.landing.notFoundBody'));
    if (accepted) return page(409, 'sources.landing.used', phrase('sources.landing.usedBody'));
    const state = url.searchParams.get('state') ?? '';
    if (!sameSecret(state, options.state)) return page(400, 'sources.landing.refused', phrase('sources.landing.refusedBody'));
    accepted = true;
    // No further callback is accepted from here on: the listening socket goes away now.
    server.close();
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      const denied = error === 'access_denied';
      const failure = denied
        ? new AppError('canceled', phrase('sources.oauth.denied'), phrase('sources.oauth.deniedHint'))
        : new AppError(
            'remote_error',
            phrase('sources.oauth.providerError', { detail: quote((url.searchParams.get('error_description') ?? error ?? 'no code').slice(0, 200)) }),
            phrase('sources.oauth.callbackHint'),
          );
      page(400, denied ? 'sources.landing.notAuthorized' : 'sources.landing.failed', failure.phrase ?? failure.message);
      return finish({ kind: 'failed', error: failure });
    }
    try {
      const message = await options.onCode(code);
      page(200, 'sources.landing.signedIn', message);
      finish({ kind: 'done', message });
    } catch (caught) {
      const failure = caught instanceof AppError ? caught : new AppError('internal', phrase('sources.oauth.finishFailed'), phrase('sources.oauth.finishFailedHint'), { cause: caught });
      page(502, 'sources.landing.failed', failure.phrase ?? failure.message);
      finish({ kind: 'failed', error: failure });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError('conflict', phrase('sources.oauth.portInUse', { port: String(options.port) }), phrase('sources.oauth.portInUseHint'))
          : new AppError('internal', phrase('sources.oauth.listenFailed', { reason: error.code ?? error.message }), phrase('sources.oauth.listenFailedHint')),
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

/** The landing page: a title and what happened, ending with where to go next, in the reader's language. */
function answer(res: ServerResponse, words: Translator, status: number, titleKey: MessageKey, text: Text): void {
  const title = words.t(titleKey);
  const body = `<!doctype html><html lang="${escape(words.locale)}"><head><meta charset="utf-8"><title>${escape(words.t('sources.landing.pageTitle', { title }))}</title>
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}</style></head>
<body><main><h1>${escape(title)}</h1><p>${escape(words.t('sources.landing.returnTo', { message: text }))}</p></main></body></html>`;
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
