/**
 * What a browser does on a provider's consent page, without one: load the page, submit its form
 * with the chosen button, follow the redirect to Slipway's loopback callback, and read the landing page.
 */
export async function consent(authorizeUrl: string, decision: 'allow' | 'deny' = 'allow'): Promise<{ status: number; text: string; callbackUrl: string }> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${html}`);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('no consent form on the authorize page');
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1] ?? '', unescape(m[2] ?? ''));
  fields.set('decision', decision);
  const posted = await fetch(new URL(action, authorizeUrl), { method: 'POST', body: fields, redirect: 'manual' });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location) throw new Error(`consent answered ${posted.status}`);
  const landing = await fetch(location);
  return { status: landing.status, text: await landing.text(), callbackUrl: location };
}

function unescape(value: string): string {
  return value.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}
