import type { Build } from '../../src/shared/models/build';
import type { BuildEnqueuer, BuildRequest } from '../../src/main/core/domain';

export interface RecordedBuild {
  readonly request: BuildRequest;
  readonly build: Build;
  readonly at: number;
}

/**
 * A BuildEnqueuer with the queue's dedupe contract (a second request with the same dedupe key gets
 * null, as the UNIQUE dedupe_key column answers) that records what it was asked to build. `render`
 * gives each build its tags the way the real queue renders them, for the test to compare.
 */
export class RecordingEnqueuer implements BuildEnqueuer {
  readonly builds: RecordedBuild[] = [];
  readonly duplicates: BuildRequest[] = [];
  readonly #keys = new Set<string>();
  #waiters: (() => void)[] = [];

  constructor(private readonly render: (request: BuildRequest) => Promise<string[]> | string[] = () => []) {}

  async enqueue(request: BuildRequest): Promise<Build | null> {
    if (request.dedupeKey && this.#keys.has(request.dedupeKey)) {
      this.duplicates.push(request);
      return null;
    }
    if (request.dedupeKey) this.#keys.add(request.dedupeKey);
    const tags = await this.render(request);
    const number = this.builds.filter((b) => b.request.repositoryId === request.repositoryId).length + 1;
    const build: Build = {
      id: `build-${this.builds.length + 1}`,
      number,
      repositoryId: request.repositoryId,
      ruleId: request.ruleId,
      ref: request.ref,
      commit: request.commit,
      commitMessage: null,
      trigger: request.trigger,
      status: 'queued',
      platforms: ['linux/amd64'],
      builderId: 'local',
      placements: [],
      tags: tags.map((tag) => ({ tag, reference: `registry.test/acme/app:${tag}`, digest: null, pushedAt: null })),
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      logLines: 0,
    };
    this.builds.push({ request, build, at: Date.now() });
    for (const wake of this.#waiters.splice(0)) wake();
    return build;
  }

  /** Waits (bounded) until at least `count` builds were queued. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<RecordedBuild[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.builds.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} builds, got ${this.builds.length}: ${JSON.stringify(this.builds.map((b) => [b.request.ref.name, b.request.commit.slice(0, 7)]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.builds;
  }
}
