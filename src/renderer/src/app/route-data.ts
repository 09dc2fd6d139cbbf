import type { Prefetch } from '../api/prefetch';
import { buildHistoryInput } from '../features/builds/history-input';
import type { RouteId } from './routes';
import { hashDetail } from './use-hash-detail';

/**
 * What each page reads in its first render, asked for when the page is: with its chunk, not after
 * the chunk has arrived, run and mounted (issue 15). On the Builds page, asked for while the host
 * still read its core, its calls waited for the chunk and then for the mount: ~200 ms in a trace.
 * A detail view (#/builds/<id>) reads other things; it is left to its own hooks.
 */
const firstReads: Record<RouteId, (read: Prefetch, detail: boolean) => void> = {
  'code-source': (read) => read.call('sources:list', {}),
  registries: (read) => catalog(read),
  repositories: (read, detail) => {
    if (!detail) catalog(read);
  },
  builds: (read, detail) => {
    if (detail) return;
    catalog(read);
    read.firstPage('builds:page', buildHistoryInput({}));
  },
  settings: (read) => {
    read.call('app:info', {});
    read.call('settings:get', {});
  },
};

/** The three lists the catalog (api/catalog.ts) reads together. */
function catalog(read: Prefetch): void {
  read.call('registries:list', {});
  read.call('namespaces:list', {});
  read.call('repositories:list', {});
}

export function readAheadFor(route: RouteId, hash: string, read: Prefetch): void {
  firstReads[route](read, hashDetail(hash) !== undefined);
}

/**
 * What the shell reads whatever the page: the theme (App). Not the update status: the headless host
 * answers it once it has read its services, and its request held one of the browser's six
 * connections to the host until then, so the page's chunks and reads queued behind it (issue 15).
 * The banner asks for it at the first idle moment (UpdateBanner).
 */
export function readShellAhead(read: Prefetch): void {
  read.call('settings:get', {});
}
