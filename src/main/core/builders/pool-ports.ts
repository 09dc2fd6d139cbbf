/**
 * The seam between the builder pool (what each builder is, whether it is healthy, how many builds
 * it takes) and the build queue that places builds on it. The pool side lives in
 * `builders/builder-pool.ts`; placement and scheduling in `builders/placement.ts` and the build
 * service. Kept in one small file so both sides compile against the same shapes.
 */
import type Docker from 'dockerode';
import type { Phrase } from '../../../shared/i18n/phrase';
import type { EngineEndpoint } from '../docker/endpoint';

/** Which API the builder speaks behind the Docker-compatible endpoint. */
export type EngineKind = 'docker' | 'podman';

/** What a builder is, as its engine reports it (info, version, BuildKit's workers). */
export interface BuilderCapabilities {
  readonly engineKind: EngineKind;
  readonly engineVersion: string;
  readonly apiVersion: string;
  /** BuildKit's version when the engine says it; null for engines without BuildKit (Podman) or that do not tell. */
  readonly buildkitVersion: string | null;
  /** OCI platforms (`linux/amd64`) the builder runs natively: the user's declaration, else the engine's own. */
  readonly nativePlatforms: readonly string[];
  /** Platforms it can build under emulation (binfmt/QEMU handlers BuildKit found), natives excluded. */
  readonly emulatedPlatforms: readonly string[];
  /**
   * A BuildKit session can be opened: file sync, secret mounts and private base images through the
   * session's registry logins. False for Podman (buildah behind the compat API).
   */
  readonly session: boolean;
}

/** Healthy, or left alone after failures for a growing time, with the last reason. */
export type BuilderHealth =
  | { readonly state: 'healthy' }
  | {
      readonly state: 'resting';
      readonly failures: number;
      readonly until: string;
      /** In English, for logs. */
      readonly reason: string;
      /** The same reason to word in the reader's language, when it came as a phrase. */
      readonly reasonPhrase?: Phrase;
    };

export interface PoolMember {
  readonly id: string;
  readonly name: string;
  readonly engine: EngineEndpoint;
  readonly docker: Docker;
  /** Concurrent builds the user lets this builder run (default 1). */
  readonly capacity: number;
  /** Null while the builder cannot be reached (its health says why). */
  readonly capabilities: BuilderCapabilities | null;
  readonly health: BuilderHealth;
}

export interface BuilderPoolPort {
  /** Every builder with its last known capabilities and health; probes are cached, never slow the queue. */
  members(): Promise<readonly PoolMember[]>;
  /** A build could not reach the builder or lost it mid-build: rest it for a growing time. */
  failed(id: string, reason: string | Phrase): void;
  /** A build on it ended normally (succeeded, or failed for its own reasons): it is healthy again. */
  succeeded(id: string): void;
}

/** What a builder is doing now: builds running on it, and queued builds that may go to it. */
export interface BuilderLoad {
  readonly running: number;
  readonly waiting: number;
}

/** Kept by the build queue; Settings reads it beside each builder. */
export interface BuilderLoadPort {
  loadOf(id: string): BuilderLoad;
}
