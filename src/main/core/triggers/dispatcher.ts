import { AppError, type ErrorCode } from '../../../shared/errors';
import type { Build } from '../../../shared/models/build';
import type { ImageRepository } from '../../../shared/models/repository';
import type { BuildRule } from '../../../shared/models/rule';
import { compilePattern, hasPathFilters, pathVerdict } from '../../../shared/rules';
import type { BuildEnqueuer } from '../domain';
import type { ActivityLog } from './activity-log';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';

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

function describeChange(c: RefChange, origin: ChangeOrigin): Phrase {
  const what = phrase('triggers.activity.what', { kind: c.kind, name: c.name });
  const seen = phrase('triggers.activity.seen', { origin });
  if (c.after === null) return phrase('triggers.activity.deletedChange', { what, seen });
  if (c.before === null) return phrase('triggers.activity.createdChange', { what, seen, after: short(c.after) });
  return phrase('triggers.activity.movedChange', { what, seen, before: short(c.before), after: short(c.after) });
}

/** The first line of an error, as a phrase where the error has one (so it reads in the user's language). */
function errorLine(error: unknown): Phrase | string {
  return error instanceof AppError && error.phrase && !error.message.includes('\n') ? error.phrase : firstLine(error);
}

function describeRule(rule: BuildRule): Phrase {
  return phrase('triggers.activity.rule', { type: rule.spec.type, source: rule.spec.isRegex ? `/${rule.spec.source}/` : rule.spec.source });
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
        this.deps.activity.add(subject, 'trigger.deleted', phrase('triggers.activity.nothingToBuild', { headline }));
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
        if (rule.spec.autobuild === false) this.deps.activity.add(subject, 'trigger.manual', phrase('triggers.activity.autobuildOff', { headline, rule: describeRule(rule) }));
      }
      if (matched.length === 0) {
        this.deps.activity.add(subject, 'trigger.nomatch', phrase('triggers.activity.noMatch', { headline }));
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
            this.deps.activity.add(subject, 'trigger.paths', phrase('triggers.activity.pathsUnknown', { headline, error: errorLine(error), rule: describeRule(rule) }));
          }
          if (changed) {
            const verdict = pathVerdict(rule.spec, changed);
            if (!verdict.build) {
              skipped++;
              this.deps.activity.add(subject, 'trigger.skip', phrase('triggers.activity.skipped', { headline, rule: describeRule(rule), reason: verdict.phrase }));
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
            this.deps.activity.add(subject, 'trigger.build', phrase('triggers.activity.queued', { headline, rule: describeRule(rule), number: String(build.number) }));
          } else {
            deduplicated++;
            this.deps.activity.add(subject, 'trigger.duplicate', phrase('triggers.activity.alreadyBuilt', { headline, rule: describeRule(rule), commit: short(after) }));
          }
        } catch (error) {
          if (error instanceof AppError && permanent.has(error.code)) {
            // Asking again would fail the same way (a tag the rule cannot render, a rule just deleted): say so once.
            this.deps.activity.add(
              subject,
              'trigger.error',
              error.hint
                ? phrase('triggers.activity.cannotBuildHint', { headline, rule: describeRule(rule), error: errorLine(error), hint: error.hintPhrase ?? error.hint })
                : phrase('triggers.activity.cannotBuild', { headline, rule: describeRule(rule), error: errorLine(error) }),
            );
            continue;
          }
          failed = true;
          this.deps.activity.add(subject, 'trigger.error', phrase('triggers.activity.queueFailed', { headline, rule: describeRule(rule), error: errorLine(error) }));
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
