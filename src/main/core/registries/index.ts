export { parseChallenges, type Challenge } from './challenge';
export { RegistryClient, type AuthKind, type PingResult, type RegistryCredentials, type TagDescription } from './client';
export { apiBase, normalizeRegistryHost, wireRepositoryName, type RegistryEndpoint } from './endpoint';
export { mediaTypes, type Descriptor, type ImageConfig, type Manifest, type Platform } from './media-types';
