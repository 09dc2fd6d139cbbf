import type { Handlers } from '../dispatch';
import type { CodeSources } from '../sources/service';
import type { SourceStore } from '../sources/store';

type SourceChannels =
  | 'sources:bind' | 'sources:cancelBind' | 'sources:bindGitlab' | 'sources:unbind' | 'sources:check'
  | 'sources:oauthApps' | 'sources:setOAuthApp' | 'sources:owners' | 'sources:repositories' | 'sources:refs';

/** The bound accounts as recorded, before the code-source service (OAuth, providers) is read (base.ts). */
export function sourceReadHandlers(store: Pick<SourceStore, 'list'>): Pick<Handlers, 'sources:list'> {
  return { 'sources:list': () => store.list() };
}

export function sourceHandlers(sources: CodeSources): Pick<Handlers, SourceChannels> {
  return {
    'sources:bind': ({ provider, baseUrl, caCertPem }) => sources.startOAuth(provider, baseUrl, caCertPem || undefined),
    'sources:cancelBind': ({ flowId }) => (sources.cancelFlow(flowId), { done: true }),
    'sources:bindGitlab': (input) => sources.bindGitlab(input),
    'sources:unbind': async ({ id, revokeToken }) => ({ done: true, ...(await sources.unbind(id, revokeToken)) }),
    'sources:check': ({ id }) => sources.check(id),
    'sources:oauthApps': () => sources.oauthApps(),
    'sources:setOAuthApp': ({ provider, clientId, clientSecret }) => sources.setOAuthApp(provider, clientId, clientSecret),
    'sources:owners': ({ sourceId }) => sources.owners(sourceId),
    'sources:repositories': ({ sourceId, ownerId, search, page, perPage }) => sources.repositories(sourceId, ownerId, search, page, perPage),
    'sources:refs': ({ sourceId, fullName, kind, search, page, perPage }) => sources.refs(sourceId, fullName, kind, search, page, perPage),
  };
}
