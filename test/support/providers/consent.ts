import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

interface Answer {
  readonly status: number;
  readonly location?: string;
  readonly text: string;
}

/** node's http(s) rather than fetch, so a provider with a private CA (an Enterprise Server) can be trusted. */
function exchange(url: URL, ca: string | undefined, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options = { method: body === undefined ? 'GET' : 'POST', headers: body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }, ...(ca ? { ca } : {}) };
    const req = url.protocol === 'https:' ? httpsRequest(url, options) : httpRequest(url, options);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, ...(res.headers.location ? { location: res.headers.location } : {}) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * What a browser does on a provider's consent page, without one: load the page, submit its form
 * with the chosen button, follow the redirect to Slipway's loopback callback, and read the landing page.
 */
export async function consent(authorizeUrl: string, decision: 'allow' | 'deny' = 'allow', ca?: string): Promise<{ status: number; text: string; callbackUrl: string }> {
  const page = await exchange(new URL(authorizeUrl), ca);
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${page.text}`);
  const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1];
  if (!action) throw new Error('no consent form on the authorize page');
  const fields = new URLSearchParams();
  for (const m of page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1] ?? '', unescape(m[2] ?? ''));
  fields.set('decision', decision);
  const posted = await exchange(new URL(action, authorizeUrl), ca, fields.toString());
  if (posted.status !== 302 || !posted.location) throw new Error(`consent answered ${posted.status}`);
  const landing = await exchange(new URL(posted.location), undefined);
  return { status: landing.status, text: landing.text, callbackUrl: posted.location };
}

function unescape(value: string): string {
  return value.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}
