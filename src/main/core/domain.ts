/**
 * The seams between core's parts that never cross to the renderer: builds announce what they
 * pushed (webhooks listen), triggers ask for builds (the queue answers), builds ask the code
 * sources for a token (the sources answer). Plain typed interfaces, wired in createCore.
 */
import type { Build, GitRef } from '../../shared/models/build';

export interface TagPushed {
  readonly buildId: string;
  readonly repositoryId: string;
  readonly tag: string;
  /** registry/namespace/name:tag */
  readonly reference: string;
  readonly digest: string;
  readonly pushedAt: string;
}

export interface DomainEvents {
  'build:queued': Build;
  'build:started': Build;
  'build:finished': Build;
  'build:tagPushed': TagPushed;
}

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void;

export class DomainBus {
  readonly #listeners = new Map<keyof DomainEvents, Set<(payload: never) => void>>();

  on<K extends keyof DomainEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as Listener<K>)(payload);
      } catch {
        // One subscriber's failure (a webhook store error) must not stop a build or the others.
      }
    }
  }
}

export interface BuildRequest {
  readonly repositoryId: string;
  readonly ruleId: string;
  readonly ref: GitRef;
  /** Full 40-hex commit id. */
  readonly commit: string;
  readonly trigger: 'manual' | 'push' | 'retry' | 'resume';
  /** When set, a second request with the same key returns null instead of a second build (one build per rule and commit). */
  readonly dedupeKey?: string;
}

export interface BuildEnqueuer {
  /** Renders the rule's tags for the commit and queues the build; null when deduplicated. */
  enqueue(request: BuildRequest): Promise<Build | null>;
}

export interface GitCredential {
  readonly username: string;
  readonly password: string;
}

/** Implemented by the code sources: the credential git uses for a bound account, refreshed when needed. */
export interface GitCredentialSource {
  credentialFor(sourceId: string): Promise<GitCredential | null>;
}
