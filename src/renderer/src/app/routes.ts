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
