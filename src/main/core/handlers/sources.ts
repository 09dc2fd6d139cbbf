import type { Handlers } from '../dispatch';
import type { CodeSources } from '../sources/service';

type SourceChannels =
  | 'sources:list' | 'sources:bind' | 'sources:cancelBind' | 'sources:bindGitlab' | 'sources:unbind' | 'sources:check'
  | 'sources:oauthApps' | 'sources:setOAuthApp' | 'sources:owners' | 'sources:repositories' | 'sources:refs';

export function sourceHandlers(sources: CodeSources): Pick<Handlers, SourceChannels> {
  return {
    'sources:list': () => sources.list(),
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
