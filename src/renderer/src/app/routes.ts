export const routes = [
  { id: 'code-source', label: 'Code Source', key: '1' },
  { id: 'registries', label: 'Registries', key: '2' },
  { id: 'repositories', label: 'Repositories', key: '3' },
  { id: 'builds', label: 'Builds', key: '4' },
  { id: 'settings', label: 'Settings', key: '5' },
] as const;

export type RouteId = (typeof routes)[number]['id'];

export function routeFromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return routes.find((r) => r.id === id)?.id ?? 'code-source';
}
