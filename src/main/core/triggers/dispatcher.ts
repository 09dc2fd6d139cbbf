import { AppError, type ErrorCode } from '../../../shared/errors';
import type { Build } from '../../../shared/models/build';
import type { ImageRepository } from '../../../shared/models/repository';
import type { BuildRule } from '../../../shared/models/rule';
import { compilePattern, hasPathFilters, pathVerdict } from '../../../shared/rules';
import type { BuildEnqueuer } from '../domain';
import type { ActivityLog } from './activity-log';

/** One ref that moved, as the watcher or a provider's push hook saw it; null is "did not exist". */
export interface RefChange {
  readonly kind: 'branch' | 'tag';
  readonly name: string;
  readonly before: string | null;
  readonly after: string | null;
}

export type ChangeOrigin = 'watcher' | 'hook';

export interface DispatchResult {
  /** Changes fully dealt with (their builds queued, deduplicated or skipped); the rest are tried again. */
  readonly handled: readonly RefChange[];
  readonly builds: readonly Build[];
  readonly deduplicated: number;
  readonly skipped: number;
}

export interface DispatcherDeps {
  readonly rules: { list(repositoryId: string): BuildRule[] };
  readonly enqueuer: BuildEnqueuer;
  readonly activity: ActivityLog;
  /** Which files a change touched; only asked when a matching rule has path filters. */
  readonly changedFiles: (repository: ImageRepository, change: RefChange & { after: string }) => Promise<string[]>;
}

/** Refusals that a second try cannot change; anything else (a host down, a timeout) is tried again. */
const permanent = new Set<ErrorCode>(['invalid_input', 'conflict', 'not_found', 'forbidden']);

export function pushDedupeKey(ruleId: string, commit: string): string {
  return `push:${ruleId}:${commit}`;
}

const short = (sha: string) => sha.slice(0, 7);

function describeChange(c: RefChange, origin: ChangeOrigin): string {
  const what = `${c.kind === 'branch' ? 'Branch' : 'Tag'} ${c.name}`;
  const seen = origin === 'hook' ? 'push hook' : 'remote watcher';
  if (c.after === null) return `${what} was deleted (${seen})`;
  if (c.before === null) return `${what} was created at ${short(c.after)} (${seen})`;
  return `${what} moved ${short(c.before)} → ${short(c.after)} (${seen})`;
}

function describeRule(rule: BuildRule): string {
  return rule.spec.isRegex ? `${rule.spec.type} /${rule.spec.source}/` : `${rule.spec.type} ${rule.spec.source}`;
}

/**
 * Turns ref changes into builds: each change is matched against every rule of the repository
 * (branch rules see branches, tag rules tags), path filters are applied, and one build per
 * (rule, commit) is asked of the queue — the dedupe key makes a second sighting of the same
 * commit, by the watcher or a hook, or on another branch, a no-op.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  async dispatch(repository: ImageRepository, changes: readonly RefChange[], origin: ChangeOrigin): Promise<DispatchResult> {
    const subject = repository.id;
    const rules = this.deps.rules.list(repository.id);
    const handled: RefChange[] = [];
    const builds: Build[] = [];
    let deduplicated = 0;
    let skipped = 0;
    for (const change of changes) {
      const headline = describeChange(change, origin);
      if (change.after === null) {
        this.deps.activity.add(subject, 'trigger.deleted', `${headline}: nothing to build.`);
        handled.push(change);
        continue;
      }
      const after = change.after;
      const matched = rules.filter((rule) => {
        const pattern = compilePattern(rule.spec);
        return pattern.ok && pattern.test({ type: change.kind, name: change.name }) !== null;
      });
      // Docker Hub's per-rule Autobuild: a rule with it off is built only when the user asks.
      const matching = matched.filter((rule) => rule.spec.autobuild !== false);
      for (const rule of matched) {
        if (rule.spec.autobuild === false) this.deps.activity.add(subject, 'trigger.manual', `${headline}: rule “${describeRule(rule)}” has Autobuild off, so only Build starts it.`);
      }
      if (matched.length === 0) {
        this.deps.activity.add(subject, 'trigger.nomatch', `${headline}: no build rule matches it.`);
        handled.push(change);
        continue;
      }
      if (matching.length === 0) {
        handled.push(change);
        continue;
      }
      let files: Promise<string[]> | null = null;
      let failed = false;
      for (const rule of matching) {
        if (hasPathFilters(rule.spec)) {
          files ??= this.deps.changedFiles(repository, { ...change, after });
          let changed: string[] | null = null;
          try {
            changed = await files;
          } catch (error) {
            this.deps.activity.add(subject, 'trigger.paths', `${headline}: could not tell which files changed (${firstLine(error)}); rule “${describeRule(rule)}” builds to be safe.`);
          }
          if (changed) {
            const verdict = pathVerdict(rule.spec, changed);
            if (!verdict.build) {
              skipped++;
              this.deps.activity.add(subject, 'trigger.skip', `${headline}: rule “${describeRule(rule)}” skipped — ${verdict.reason}.`);
              continue;
            }
          }
        }
        try {
          const build = await this.deps.enqueuer.enqueue({
            repositoryId: repository.id,
            ruleId: rule.id,
            ref: { kind: change.kind, name: change.name },
            commit: after,
            trigger: 'push',
            dedupeKey: pushDedupeKey(rule.id, after),
          });
          if (build) {
            builds.push(build);
            this.deps.activity.add(subject, 'trigger.build', `${headline}: rule “${describeRule(rule)}” queued build #${build.number}.`);
          } else {
            deduplicated++;
            this.deps.activity.add(subject, 'trigger.duplicate', `${headline}: rule “${describeRule(rule)}” already built ${short(after)}.`);
          }
        } catch (error) {
          if (error instanceof AppError && permanent.has(error.code)) {
            // Asking again would fail the same way (a tag the rule cannot render, a rule just deleted): say so once.
            this.deps.activity.add(subject, 'trigger.error', `${headline}: rule “${describeRule(rule)}” cannot build it: ${firstLine(error)}${error.hint ? ` ${error.hint}` : ''}`);
            continue;
          }
          failed = true;
          this.deps.activity.add(subject, 'trigger.error', `${headline}: rule “${describeRule(rule)}” could not queue a build (${firstLine(error)}); trying again at the next check.`);
        }
      }
      if (!failed) handled.push(change);
    }
    return { handled, builds, deduplicated, skipped };
  }
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim().slice(0, 300);
}
