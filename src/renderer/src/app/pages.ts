import type { ComponentType } from 'react';
import { pageChunks } from './page-chunks';
import type { RouteId } from './routes';

/**
 * Each page is its own chunk (issue 15: the window is there at once): the first paint waits only
 * for the page it shows; the others are fetched right after it, so moving between pages never waits.
 */
export const pages = pageChunks<RouteId>({
  'code-source': () => import('../features/code-source/CodeSourcePage').then((m): ComponentType => m.CodeSourcePage),
  registries: () => import('../features/registries/RegistriesPage').then((m): ComponentType => m.RegistriesPage),
  repositories: () => import('../features/repositories/RepositoriesPage').then((m): ComponentType => m.RepositoriesPage),
  builds: () => import('../features/builds/BuildsPage').then((m): ComponentType => m.BuildsPage),
  settings: () => import('../features/settings/SettingsPage').then((m): ComponentType => m.SettingsPage),
});
