import type { MessageKey } from '../../../shared/i18n/catalogs';

export const routes = [
  { id: 'code-source', labelKey: 'app.nav.codeSource', key: '1' },
  { id: 'registries', labelKey: 'app.nav.registries', key: '2' },
  { id: 'repositories', labelKey: 'app.nav.repositories', key: '3' },
  { id: 'builds', labelKey: 'app.nav.builds', key: '4' },
  { id: 'settings', labelKey: 'app.nav.settings', key: '5' },
] as const satisfies readonly { readonly id: string; readonly labelKey: MessageKey; readonly key: string }[];

export type RouteId = (typeof routes)[number]['id'];

export function routeFromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return routes.find((r) => r.id === id)?.id ?? 'code-source';
}

/** Whether page shortcuts take Cmd (macOS) or Ctrl, from the platform the browser reports. */
export function shortcutsUseMeta(platform: string): boolean {
  return platform.toLowerCase().includes('mac');
}

/** The page a key press jumps to (Ctrl/Cmd+1…5, nothing else held), if it is one of those. */
export function routeForShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, meta: boolean): RouteId | undefined {
  if (!(meta ? event.metaKey : event.ctrlKey) || event.altKey || event.shiftKey) return undefined;
  return routes.find((r) => r.key === event.key)?.id;
}
