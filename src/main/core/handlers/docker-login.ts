import type { Handlers } from '../dispatch';
import type { LocalDockerLogins } from '../docker/local-logins';

type DockerLoginChannels = 'dockerLogin:status' | 'dockerLogin:login' | 'dockerLogin:logout' | 'dockerLogin:access';

export function dockerLoginHandlers(logins: LocalDockerLogins): Pick<Handlers, DockerLoginChannels> {
  return {
    'dockerLogin:status': () => logins.status(),
    'dockerLogin:login': ({ registryId, tool }) => logins.logIn(registryId, tool),
    'dockerLogin:logout': ({ server, tool }) => logins.logOut(server, tool),
    'dockerLogin:access': ({ registryId, repository }) => logins.checkAccess(registryId, repository),
  };
}
