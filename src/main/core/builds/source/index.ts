/** The source side of a build: mirrors of code repositories and the build context packed from them. */
export { GitMirror, mirrorForCodeRepository, mirrorKeyForUrl, shortCommit, type CommitInfo, type CredentialProvider, type GitMirrorOptions } from './git-mirror';
export { packContext, normalizeRepoPath, type PackContextOptions, type PackedContext } from './context-pack';
export { assertPlainRemoteUrl, basicAuthorization, gitEnv, gitFailure, gitOrigin, redact, simpleGitUnsafe, type GitFailureContext } from './git-auth';
export { lsRemote } from './ls-remote';
