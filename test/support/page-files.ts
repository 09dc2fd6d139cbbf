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

/**
 * The app's files a built page starts once its frame is painted: the module script and the module
 * preloads the build wrote on the boot script's tag (scripts/boot-shell.tsx), as paths.
 */
export function appStartFiles(html: string): { readonly entry: string; readonly preload: readonly string[] } | undefined {
  const tag = /<script\b[^>]*\bdata-app="([^"]+)"[^>]*>/.exec(html);
  if (!tag) return undefined;
  const preload = / data-preload="([^"]*)"/.exec(tag[0])?.[1] ?? '';
  const path = (file: string) => new URL(file, 'http://page.invalid/').pathname;
  return { entry: path(tag[1] ?? ''), preload: preload.split(' ').filter(Boolean).map(path) };
}
