import type Docker from 'dockerode';
import { AppError } from '../../../shared/errors';
import { phrase, type Text } from '../../../shared/i18n/phrase';
import type { BuilderEntry } from '../builds/builder-store';
import { connectEngine } from '../docker/engine';
import type { BuilderSettings } from './builder-settings';
import { probeCapabilities, type DetectedCapabilities, type ProbeOptions } from './capabilities';
import { HealthBook, defaultRestPolicy, type Clock, type RestPolicy } from './health';
import { splitPlatforms } from './platforms';
import type { BuilderCapabilities, BuilderPoolPort, PoolMember } from './pool-ports';

/** The builders there are, without asking any engine (BuilderStore). */
export interface BuilderDirectory {
  entries(): readonly BuilderEntry[];
}

export interface BuilderPoolDeps {
  readonly directory: BuilderDirectory;
  readonly settings: { get(id: string): BuilderSettings };
  readonly clock?: Clock;
  /** Asks one engine what it is; probeCapabilities unless a test counts the calls. */
  readonly probe?: (engine: BuilderEntry['engine'], docker: Docker, options: ProbeOptions) => Promise<DetectedCapabilities>;
  /** Bound on the one probe members() waits for (a builder never asked before). */
  readonly firstProbeMs?: number;
  /** Bound on a background probe. */
  readonly probeMs?: number;
  /** How old cached capabilities may get before a background probe refreshes them. */
  readonly refreshMs?: number;
  readonly restPolicy?: RestPolicy;
  /** A builder's health or capabilities changed (Settings updates live). */
  readonly onChange?: (id: string) => void;
  readonly log?: (line: string) => void;
}

export interface BuilderPool extends BuilderPoolPort {
  /** The engine's own answer before declarations; null while unknown. */
  detected(id: string): DetectedCapabilities | null;
  /** Asks the given builders (all when omitted) now, resting ones too: the user's "Check again". */
  refresh(ids?: readonly string[]): Promise<void>;
  /** A builder was removed: drop what is known about it. */
  forget(id: string): void;
}

interface Known {
  /** Endpoint and TLS the cached client was made for: a changed builder gets a new one. */
  readonly key: string;
  readonly docker: Docker;
  detected: DetectedCapabilities | null;
  probedAt: number | null;
  probing: Promise<void> | null;
}

/**
 * Every builder with capacity, capabilities and health, kept so that members() answers from memory:
 * a builder is asked once when first seen (bounded by firstProbeMs), then again in the background
 * when its answer is older than refreshMs. A builder that failed is left alone while it rests.
 */
export function createBuilderPool(deps: BuilderPoolDeps): BuilderPool {
  const clock = deps.clock ?? Date.now;
  const probe = deps.probe ?? probeCapabilities;
  const firstProbeMs = deps.firstProbeMs ?? 3000;
  const probeMs = deps.probeMs ?? 8000;
  const refreshMs = deps.refreshMs ?? 60_000;
  const restPolicy = deps.restPolicy ?? defaultRestPolicy;
  const health = new HealthBook(clock, restPolicy);
  const known = new Map<string, Known>();
  const log = deps.log ?? (() => undefined);

  // One that did not answer is asked again as soon as its rest is over; a Docker engine whose
  // BuildKit did not list its platforms (a slow moment) is asked again sooner than a full answer.
  const staleAfter = (detected: DetectedCapabilities | null) => (detected === null ? 0 : detected.platformsFrom === 'engine' && detected.session ? restPolicy.firstMs : refreshMs);

  const changed = (id: string) => {
    try {
      deps.onChange?.(id);
    } catch {
      // a listener never breaks the pool
    }
  };

  function knownFor(entry: BuilderEntry): Known {
    const key = JSON.stringify([entry.engine.endpoint, entry.engine.tls ?? null]);
    const existing = known.get(entry.id);
    if (existing && existing.key === key) return existing;
    const fresh: Known = { key, docker: connectEngine(entry.engine), detected: null, probedAt: null, probing: null };
    known.set(entry.id, fresh);
    return fresh;
  }

  function probeOne(entry: BuilderEntry, state: Known, timeoutMs: number, clearRest: boolean): Promise<void> {
    state.probing ??= (async () => {
      const before = JSON.stringify([state.detected, health.health(entry.id)]);
      try {
        state.detected = await probe(entry.engine, state.docker, { timeoutMs });
        if (clearRest) health.succeeded(entry.id);
      } catch (error) {
        state.detected = null;
        const reason: Text = error instanceof AppError && error.phrase ? error.phrase : phrase('builders.health.probeFailed', { detail: error instanceof Error ? error.message : String(error) });
        const rest = health.failed(entry.id, reason);
        log(`builder ${entry.name} (${entry.engine.endpoint}) cannot be reached: ${rest.state === 'resting' ? `${rest.reason}; resting until ${rest.until}` : ''}`);
      } finally {
        state.probedAt = clock();
        state.probing = null;
      }
      if (JSON.stringify([state.detected, health.health(entry.id)]) !== before) changed(entry.id);
    })();
    return state.probing;
  }

  function member(entry: BuilderEntry, state: Known): PoolMember {
    const settings = deps.settings.get(entry.id);
    return {
      id: entry.id,
      name: entry.name,
      engine: entry.engine,
      docker: state.docker,
      capacity: settings.capacity,
      capabilities: state.detected ? capabilitiesOf(state.detected, settings) : null,
      health: health.health(entry.id),
    };
  }

  return {
    async members() {
      const entries = deps.directory.entries();
      const firstTimes: Promise<void>[] = [];
      for (const entry of entries) {
        const state = knownFor(entry);
        if (state.probedAt === null && state.probing) firstTimes.push(state.probing);
        if (health.isResting(entry.id) || state.probing) continue;
        if (state.probedAt === null) firstTimes.push(probeOne(entry, state, firstProbeMs, false));
        // One that did not answer last time is asked again as soon as its rest is over.
        else if (clock() - state.probedAt >= staleAfter(state.detected)) void probeOne(entry, state, probeMs, false);
      }
      await Promise.all(firstTimes);
      return entries.map((entry) => member(entry, knownFor(entry)));
    },

    failed(id, reason) {
      health.failed(id, reason);
      changed(id);
    },

    succeeded(id) {
      if (health.succeeded(id)) changed(id);
    },

    detected(id) {
      return known.get(id)?.detected ?? null;
    },

    async refresh(ids) {
      const entries = deps.directory.entries().filter((e) => !ids || ids.includes(e.id));
      await Promise.all(entries.map(async (entry) => {
        const state = knownFor(entry);
        // A probe already under way answers this request too.
        await (state.probing ?? probeOne(entry, state, probeMs, true));
      }));
    },

    forget(id) {
      known.delete(id);
      health.forget(id);
    },
  };
}

/** The engine's answer with the user's declared native platforms applied. */
export function capabilitiesOf(detected: DetectedCapabilities, settings: BuilderSettings): BuilderCapabilities {
  const split = splitPlatforms(detected.nativePlatform, detected.buildkitPlatforms, settings.nativePlatforms);
  return {
    engineKind: detected.engineKind,
    engineVersion: detected.engineVersion,
    apiVersion: detected.apiVersion,
    buildkitVersion: detected.buildkitVersion,
    nativePlatforms: split.native,
    emulatedPlatforms: split.emulated,
    session: detected.session,
  };
}
