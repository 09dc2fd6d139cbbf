import type { CodeRepositoryRef } from '../../../shared/models/code-repo';
import type { BuilderPool } from '../../../shared/models/repository';
import type { TestBeforePush } from '../../../shared/models/rule';

/**
 * Everything a build needs, fixed when it is queued: a retry runs exactly the same thing even if
 * the rule was edited since. Secret build parameters are named here, never valued: their values are
 * read from the vault at run time.
 */
export interface BuildPlan {
  readonly codeRepository: CodeRepositoryRef;
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly platforms: readonly string[];
  /** registry/namespace/name without a tag. */
  readonly imageReference: string;
  readonly tags: readonly string[];
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Secret parameter keys, served as BuildKit secrets (RUN --mount=type=secret,id=KEY). */
  readonly secretArgs: readonly string[];
  readonly noCache: boolean;
  readonly registryId: string;
  readonly ruleName: string;
  /** Run on the built image before any push; absent in plans queued before tests existed. */
  readonly test?: TestBeforePush;
  /** The repository's builders when it was queued; absent in plans from before pools (then the build's one builder). */
  readonly pool?: BuilderPool;
}
