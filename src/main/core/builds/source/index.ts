/** The source side of a build: the build context packed from a code repository's mirror (git lives in core/git). */
export { packContext, normalizeRepoPath, type PackContextOptions, type PackedContext } from './context-pack';
