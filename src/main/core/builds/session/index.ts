export { openBuildSession, type BuildSession, type BuildSessionOptions } from './session';
export { SessionMethod, type CredentialsLookup, type RegistryCredentials, type SessionCall, type SessionServices } from './services';
export type { EngineConnection } from './upgrade';
