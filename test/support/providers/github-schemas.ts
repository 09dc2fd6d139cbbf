/**
 * The GitHub emulator's JSON is typed by GitHub's own OpenAPI description, as @octokit/openapi-types
 * publishes it (the npm @octokit/openapi JSON itself is not installed here): a field GitHub requires
 * and the emulator leaves out, or one it types differently, fails the type check instead of drifting.
 */
import type { components, paths } from '@octokit/openapi-types';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
export type Ok<P extends keyof paths, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends { responses: infer Rs }
  ? S extends keyof Rs
    ? Json<Rs[S]>
    : never
  : never;

export type PrivateUser = Ok<'/user', 'get'>;
export type UserRepos = Ok<'/user/repos', 'get'>;
export type OrgRepos = Ok<'/orgs/{org}/repos', 'get'>;
export type Orgs = Ok<'/user/orgs', 'get'>;
export type Branches = Ok<'/repos/{owner}/{repo}/branches', 'get'>;
export type Tags = Ok<'/repos/{owner}/{repo}/tags', 'get'>;
export type MatchingRefs = Ok<'/repos/{owner}/{repo}/git/matching-refs/{ref}', 'get'>;
export type SearchRepos = Ok<'/search/repositories', 'get'>;
export type Hooks = Ok<'/repos/{owner}/{repo}/hooks', 'get'>;
export type Hook = Ok<'/repos/{owner}/{repo}/hooks', 'post', 201>;
export type SimpleUser = components['schemas']['simple-user'];
export type Repository = components['schemas']['repository'];
export type MinimalRepository = components['schemas']['minimal-repository'];
