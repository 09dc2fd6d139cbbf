import type Docker from 'dockerode';
import { engineError } from './engine-api';

import type { EngineKind } from '../builders/pool-ports';

/** Which engine answers the Docker API: Docker (BuildKit, sessions) or Podman (buildah, no session). */
export type EngineFlavour = EngineKind;

interface VersionComponent {
  readonly Name?: unknown;
  readonly Version?: unknown;
}

interface VersionLike {
  readonly Components?: unknown;
}

/** Podman's compatible `/version` lists a component named "Podman Engine"; Docker's never does. */
export function podmanComponent(version: VersionLike): VersionComponent | undefined {
  const components = Array.isArray(version.Components) ? (version.Components as VersionComponent[]) : [];
  return components.find((c) => c.Name === 'Podman Engine');
}

export function flavourOfVersion(version: VersionLike): EngineFlavour {
  return podmanComponent(version) ? 'podman' : 'docker';
}

interface ModemLike {
  readonly socketPath?: unknown;
  readonly host?: unknown;
  readonly port?: unknown;
  readonly protocol?: unknown;
}

/** One key per endpoint: a builder's dockerode client is made anew for every build. */
function endpointKey(docker: Docker): string {
  const modem = docker.modem as ModemLike;
  if (typeof modem.socketPath === 'string') return `unix:${modem.socketPath}`;
  return `${String(modem.protocol ?? 'http')}://${String(modem.host ?? '')}:${String(modem.port ?? '')}`;
}

const known = new Map<string, EngineFlavour>();

/**
 * The engine's flavour, asked once per endpoint (GET /version) and remembered: an endpoint does not
 * turn from Docker into Podman while Slipway runs. A failed question is not remembered.
 */
export async function engineFlavour(docker: Docker): Promise<EngineFlavour> {
  const key = endpointKey(docker);
  const seen = known.get(key);
  if (seen) return seen;
  const version = (await docker.version().catch((error: unknown) => {
    throw engineError(error, 'version request');
  })) as VersionLike;
  const flavour = flavourOfVersion(version);
  known.set(key, flavour);
  return flavour;
}
