/**
 * The paths of the files a built page names for its first paint: module scripts, stylesheets and
 * module preloads, as the browser will ask for them (relative to the site's root).
 */
export function firstPaintFiles(html: string): string[] {
  const paths: string[] = [];
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/gi) ?? []) {
    const rel = /\brel=["']?([^"'\s>]+)/i.exec(tag)?.[1]?.toLowerCase();
    if (tag.toLowerCase().startsWith('<link') && rel !== 'stylesheet' && rel !== 'modulepreload') continue;
    const target = /\b(?:src|href)=["']?([^"'\s>]+)/i.exec(tag)?.[1];
    if (!target) continue;
    const url = new URL(target, 'http://page.invalid/');
    if (url.origin === 'http://page.invalid') paths.push(url.pathname);
  }
  return paths;
}
