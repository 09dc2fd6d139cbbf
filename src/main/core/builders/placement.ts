/**
 * Where a build runs: per platform, a healthy builder of the repository's pool with free capacity
 * that runs the platform natively, else one that emulates it, spreading platforms across builders.
 * Pure: the pool's members and the queue's load go in, a decision comes out (place, wait, or
 * refuse for good with the reason).
 */
import { quote } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import type { BuilderPool } from '../../../shared/models/repository';
import type { Placement } from '../../../shared/models/build';
import type { PoolMember } from './pool-ports';

export interface PlacementRequest {
  /** OCI platforms to build; empty means one image for the builder's own platform. */
  readonly platforms: readonly string[];
  readonly pool: BuilderPool;
  /** Secret build parameters travel only through a BuildKit session. */
  readonly needsSession: boolean;
  /** Builders this build already lost: it goes elsewhere. */
  readonly lost: readonly string[];
}

export type PlacementDecision =
  | { readonly kind: 'placed'; readonly placements: readonly Placement[] }
  /** Eligible builders are busy or resting; `builders` are the ones it may still go to. */
  | { readonly kind: 'wait'; readonly builders: readonly string[] }
  | { readonly kind: 'impossible'; readonly reason: Phrase; readonly hint: Phrase };

/** `linux/arm64/v8` and `linux/arm64` are one platform to a builder; case never matters. */
export function samePlatform(a: string, b: string): boolean {
  return normalPlatform(a) === normalPlatform(b);
}

function normalPlatform(p: string): string {
  const lower = p.trim().toLowerCase();
  return lower === 'linux/arm64/v8' ? 'linux/arm64' : lower;
}

type Fit = 'native' | 'emulated' | null;

function fitOf(member: PoolMember, platform: string | null): Fit {
  const caps = member.capabilities;
  if (!caps) return null;
  if (platform === null) return 'native';
  if (caps.nativePlatforms.some((p) => samePlatform(p, platform))) return 'native';
  if (caps.emulatedPlatforms.some((p) => samePlatform(p, platform))) return 'emulated';
  return null;
}

function names(members: readonly PoolMember[]): string {
  return members.map((m) => quote(m.name)).join(', ');
}

export function place(request: PlacementRequest, members: readonly PoolMember[], running: (id: string) => number, now = Date.now()): PlacementDecision {
  const pool = request.pool;
  const chosen = pool === 'any' ? members : members.filter((m) => pool.includes(m.id));
  if (chosen.length === 0) return { kind: 'impossible', reason: phrase('builds.placement.noBuilder'), hint: phrase('builds.placement.noBuilderHint') };
  // Podman (no session) cannot serve secret parameters: refused up front rather than failing mid-build.
  const withSession = request.needsSession ? chosen.filter((m) => m.capabilities?.session !== false) : chosen;
  if (withSession.length === 0) {
    return { kind: 'impossible', reason: phrase('builds.placement.needsSession', { builders: names(chosen) }), hint: phrase('builds.placement.needsSessionHint') };
  }
  const eligible = withSession.filter((m) => !request.lost.includes(m.id));
  if (eligible.length === 0) return { kind: 'impossible', reason: phrase('builds.placement.noOtherBuilder'), hint: phrase('builds.placement.noOtherBuilderHint') };

  const platforms: readonly (string | null)[] = request.platforms.length > 0 ? request.platforms : [null];
  for (const platform of platforms) {
    if (platform === null) continue;
    // A builder not probed yet (unreachable so far) may turn out to build it: only known builders can rule it out.
    const unknown = eligible.some((m) => m.capabilities === null);
    if (!unknown && eligible.every((m) => fitOf(m, platform) === null)) {
      return { kind: 'impossible', reason: phrase('builds.placement.noPlatform', { platform: quote(platform), builders: names(eligible) }), hint: phrase('builds.placement.noPlatformHint') };
    }
  }

  const free = (m: PoolMember) => m.capacity - running(m.id);
  const ready = (m: PoolMember) => m.capabilities !== null && (m.health.state === 'healthy' || Date.parse(m.health.until) <= now);
  const used = new Set<string>();
  const placements: Placement[] = [];
  for (const platform of platforms) {
    let best: { member: PoolMember; fit: Exclude<Fit, null>; score: number } | undefined;
    for (const member of eligible) {
      const fit = fitOf(member, platform);
      if (!fit || !ready(member)) continue;
      // One build takes one slot on each builder it uses, however many platforms it puts there.
      const again = used.has(member.id);
      if (!again && free(member) <= 0) continue;
      const score = (fit === 'native' ? 0 : 2) + (again ? 1 : 0);
      if (!best || score < best.score || (score === best.score && free(member) > free(best.member))) best = { member, fit, score };
    }
    if (!best) return { kind: 'wait', builders: eligible.filter((m) => platform === null || fitOf(m, platform) !== null || m.capabilities === null).map((m) => m.id) };
    used.add(best.member.id);
    const caps = best.member.capabilities;
    placements.push({
      platform: platform ?? caps?.nativePlatforms[0] ?? null,
      builderId: best.member.id,
      builderName: best.member.name,
      fit: best.fit,
      onlyBuilder: eligible.length === 1 && request.lost.length === 0,
      afterFailover: request.lost.length > 0,
    });
  }
  return { kind: 'placed', placements };
}
