import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { acceptLanguageTags, resolveLocale } from '../../shared/i18n/locales';
import { indexFileFor } from '../../shared/index-page';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built renderer; unknown paths fall back to the page so a reload keeps its route. The
 * page is the one in the browser's language (its first frame is painted before any script runs),
 * which is also the language the app starts in until the preferences arrive.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, headers: Record<string, string>, acceptLanguage?: string): Promise<void> {
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  } catch {
    res.writeHead(400, headers).end('Bad path');
    return;
  }
  let file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, headers).end('Forbidden');
    return;
  }
  let info = await stat(file).catch(() => undefined);
  // The fallback is chosen by the browser's languages, so caches must keep one copy per language.
  let negotiated = false;
  if (!info || info.isDirectory()) {
    negotiated = true;
    file = join(root, indexFileFor(resolveLocale(acceptLanguageTags(acceptLanguage))));
    info = await stat(file).catch(() => undefined);
    if (!info) {
      // A build from before the per-language pages, or a language without one.
      file = join(root, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
  }
  if (!info) {
    res.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('The renderer is not built: run `npm run build`.');
    return;
  }
  const type = contentTypes[extname(file)] ?? 'application/octet-stream';
  const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { ...headers, 'content-type': type, 'content-length': String(info.size), 'cache-control': cache, ...(negotiated ? { vary: 'Accept-Language' } : {}) });
  createReadStream(file).pipe(res);
}
