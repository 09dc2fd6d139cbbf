/**
 * Where releases are published (electron-builder.yml `publish`) and where the updater looks by
 * default; a unit test keeps the two in step.
 */
export const releaseRepository = { owner: 'slipway-app', repo: 'slipway' } as const;

export const readmeUrl = `https://github.com/${releaseRepository.owner}/${releaseRepository.repo}#readme`;
