/**
 * What only a BuildKit session gives a build. Docker engines open one; Podman's Docker-compatible
 * API builds with buildah and has none, so a builder without a session lacks all of these.
 */
export type SessionFeature =
  /** The context sent file by file, only what changed (without it, the whole context as a tar). */
  | 'fileSync'
  /** Secret build parameters served to `RUN --mount=type=secret`. */
  | 'secrets'
  /** Slipway's registry logins for a FROM on a private registry (the builder must be logged in itself). */
  | 'registryLogins';

export const sessionFeatures: readonly SessionFeature[] = ['fileSync', 'secrets', 'registryLogins'];

/** What a build asks of its builder, as far as a session matters. */
export interface SessionDemand {
  /** Names of the rule's secret build parameters. */
  readonly secretArgs: readonly string[];
}

/** Why a build cannot run on a builder without a session; null when it can (perhaps with a full tar upload). */
export interface SessionRefusal {
  readonly feature: 'secrets';
  readonly names: readonly string[];
}

/**
 * The one thing a session-less builder must refuse up front: secrets it cannot serve would leave
 * `RUN --mount=type=secret` without its value. File sync falls back to a tar, and a private FROM
 * works once the builder itself is logged in, so neither refuses a build.
 */
export function sessionRefusal(demand: SessionDemand, hasSession: boolean): SessionRefusal | null {
  if (hasSession) return null;
  const names = [...new Set(demand.secretArgs)].sort();
  return names.length > 0 ? { feature: 'secrets', names } : null;
}
