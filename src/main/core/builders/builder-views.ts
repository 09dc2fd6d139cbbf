import { phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import type { Builder, BuilderStatus, BuilderView } from '../../../shared/models/builder';
import type { BuilderEntry } from '../builds/builder-store';
import type { BuilderSettings } from './builder-settings';
import type { DetectedCapabilities } from './capabilities';
import type { BuilderLoad, PoolMember } from './pool-ports';

const idle: BuilderLoad = { running: 0, waiting: 0 };

/** One builder as Settings shows it: where it is, what it is, what the user set, how it is doing. */
export function builderView(entry: BuilderEntry, member: PoolMember, detected: DetectedCapabilities | null, settings: BuilderSettings, load: BuilderLoad | undefined): BuilderView {
  const base: Omit<Builder, 'status'> = {
    id: entry.id,
    name: entry.name,
    kind: entry.kind,
    endpoint: entry.engine.endpoint,
    ...(entry.kind === 'local' ? { source: entry.engine.source } : {}),
    ...(entry.kind === 'local' && entry.engine.contextName ? { contextName: entry.engine.contextName } : {}),
    tls: entry.engine.tls !== undefined,
  };
  return {
    ...base,
    status: statusOf(member, detected),
    capacity: settings.capacity,
    declaredPlatforms: [...settings.nativePlatforms],
    capabilities:
      member.capabilities && detected
        ? {
            ...member.capabilities,
            nativePlatforms: [...member.capabilities.nativePlatforms],
            emulatedPlatforms: [...member.capabilities.emulatedPlatforms],
            detectedNativePlatform: detected.nativePlatform,
            platformsFrom: detected.platformsFrom,
          }
        : null,
    health: member.health.state === 'healthy' ? { state: 'healthy' } : { ...member.health },
    load: load ?? idle,
  };
}

/** The older one-line status (builds' builder choice reads it), from the same cached answer. */
function statusOf(member: PoolMember, detected: DetectedCapabilities | null): BuilderStatus {
  if (detected) {
    const [os = 'unknown', arch = 'unknown'] = (detected.nativePlatform ?? '').split('/').filter(Boolean);
    return { state: 'reachable', engineVersion: detected.engineVersion, apiVersion: detected.apiVersion, os, arch, buildkit: detected.session };
  }
  const hintPhrase = phrase('builders.health.unreachableHint');
  if (member.health.state === 'resting') {
    return { state: 'unreachable', message: member.health.reason, hint: inEnglish(hintPhrase), ...(member.health.reasonPhrase ? { phrase: member.health.reasonPhrase } : {}), hintPhrase };
  }
  const waiting = phrase('builders.health.checking');
  return { state: 'unreachable', message: inEnglish(waiting), hint: inEnglish(hintPhrase), phrase: waiting, hintPhrase };
}
