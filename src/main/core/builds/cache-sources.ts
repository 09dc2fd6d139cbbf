import type { BuildStep, PushedTag } from '../../../shared/models/build';
import { splitReference } from './image-reference';

/** What a finished build left for the next one's cache: the images it pushed and how each step went. */
export interface PushedBuild {
  readonly tags: readonly PushedTag[];
  readonly steps: readonly BuildStep[];
}

/** A Dockerfile instruction's step (`[2/4] RUN …`, `[stage-1 3/5] COPY …`), not BuildKit's own work. */
const instruction = /^\[[^\]]*\b\d+\/\d+\]/;

/** The image a build pushed, by digest where the registry gave one: a tag moves, a digest does not. */
function imageOf(build: PushedBuild): string | undefined {
  const tag = build.tags[0];
  if (!tag) return undefined;
  return tag.digest ? `${splitReference(tag.reference).repository}@${tag.digest}` : tag.reference;
}

const stepKey = (step: BuildStep): string => `${step.platform ?? ''} ${step.name}`;

/**
 * The images the next build imports inline cache from (issue 15), given the repository's last
 * successful builds, newest first. The newest image, and then, for each step the newest build took
 * from a cache, the newest image of a build that ran that step: an image carries cache records only
 * for the steps its build ran (dockerd 20.10's BuildKit writes none for a step it took from an
 * imported cache). With the newest image alone, a builder without a local cache (pruned, or another
 * machine of the pool) ran such a step every other build. Where no build here ran a step, the next
 * images fill the places left; where the steps are not known, the next image is added, as before.
 */
export function cacheSources(history: readonly PushedBuild[], limit = 3): string[] {
  const sources: string[] = [];
  const add = (build: PushedBuild): void => {
    const image = imageOf(build);
    if (image && !sources.includes(image) && sources.length < limit) sources.push(image);
  };
  const [newest, ...older] = history;
  if (!newest) return sources;
  add(newest);
  const steps = newest.steps.filter((s) => instruction.test(s.name));
  if (steps.length === 0) {
    if (older[0]) add(older[0]);
    return sources;
  }
  const wanted = new Set(steps.filter((s) => s.cached).map(stepKey));
  for (const build of older) {
    if (wanted.size === 0 || sources.length >= limit) break;
    const ran = build.steps.filter((s) => !s.cached && wanted.has(stepKey(s))).map(stepKey);
    if (ran.length === 0) continue;
    add(build);
    for (const key of ran) wanted.delete(key);
  }
  // A step no build here ran came from a builder's own cache, and an image whose build took a step
  // from there does carry its record: the next images fill the places left.
  for (const build of older) {
    if (wanted.size === 0 || sources.length >= limit) break;
    add(build);
  }
  return sources;
}
