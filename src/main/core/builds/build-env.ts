import type { GitRef } from '../../../shared/models/build';

export interface BuildFacts {
  readonly ref: GitRef;
  readonly commit: string;
  readonly commitMessage: string | null;
  /** registry/namespace/name, without a tag. */
  readonly imageReference: string;
  readonly tags: readonly string[];
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly buildNumber: number;
}

/**
 * The variables every build can read with `ARG`: Docker Hub's automated-build environment, so a
 * Dockerfile (or a hook turned into one) moved from Docker Hub works unchanged, and Slipway's own.
 * A build parameter of the same name, set on the rule, wins.
 *
 * Docker Hub's meanings: SOURCE_BRANCH is the branch or tag name, DOCKER_REPO the repository
 * without a tag, DOCKER_TAG the tag being built (the rule's first), IMAGE_NAME the two joined.
 */
export function buildEnvironment(facts: BuildFacts): Record<string, string> {
  const firstTag = facts.tags[0] ?? 'latest';
  const context = facts.contextDir.replace(/^\/+|\/+$/g, '');
  return {
    SOURCE_BRANCH: facts.ref.name,
    SOURCE_COMMIT: facts.commit,
    COMMIT_MSG: facts.commitMessage ?? '',
    DOCKER_REPO: facts.imageReference,
    DOCKERFILE_PATH: context === '' ? facts.dockerfile : `${context}/${facts.dockerfile}`,
    DOCKER_TAG: firstTag,
    IMAGE_NAME: `${facts.imageReference}:${firstTag}`,
    SLIPWAY_REF_TYPE: facts.ref.kind,
    SLIPWAY_TAGS: facts.tags.join(','),
    SLIPWAY_BUILD_NUMBER: String(facts.buildNumber),
  };
}
