/** Git for the whole core: mirrors, ls-remote, diffs, auth and the per-repository lock, behind GitAccess. */
export { createGitAccess, authWithoutCa, type GitAccess, type GitAccessOptions, type GitAuthSource, type GitRemote, type RefListing } from './access';
export { anonymousAuth, assertPlainRemoteUrl, basicAuthorization, gitEnv, gitFailure, gitOrigin, redact, type GitAuth, type GitAuthProvider, type GitFailureContext } from './auth';
export { GitMirror, mirrorKeyForUrl, shortCommit, type CommitInfo, type GitMirrorOptions } from './mirror';
export { lsRemote } from './ls-remote';
export { runGit, spawnGit, type GitRun } from './process';
export { listRemoteRefs, type ListRefsOptions } from './list-refs';
export { closeAgents } from './http-agents';
