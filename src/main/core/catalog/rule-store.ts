import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import { ruleSpecSchema, type BuildRule, type RuleSpec } from '../../../shared/models/rule';
import { validateRule } from '../../../shared/rules';
import type { Db } from '../db/database';
import type { SecretStore } from '../secrets/secret-store';
import { newId, now } from './ids';

interface Row {
  id: string;
  repository_id: string;
  position: number;
  spec: string;
  updated_at: string;
}

/** As stored: a secret argument keeps a vault reference instead of its value. */
interface StoredArg {
  key: string;
  value: string;
  secret: boolean;
  secretId?: string;
}

type StoredSpec = Omit<RuleSpec, 'buildArgs'> & { buildArgs: StoredArg[] };

/** Build rules of an image repository, in the order the user gave them. */
export class RuleStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
  ) {}

  list(repositoryId: string): BuildRule[] {
    return (this.db.prepare('SELECT * FROM build_rules WHERE repository_id = ? ORDER BY position, created_at').all(repositoryId) as Row[]).map(toView);
  }

  get(id: string): BuildRule {
    const row = this.#row(id);
    return toView(row);
  }

  /** The spec with secret values filled from the vault, for the builder only. */
  resolvedSpec(id: string): RuleSpec {
    const stored = JSON.parse(this.#row(id).spec) as StoredSpec;
    return {
      ...stored,
      buildArgs: stored.buildArgs.map(({ secretId, ...arg }) => (arg.secret && secretId ? { ...arg, value: this.secrets.get(secretId) ?? '' } : arg)),
    };
  }

  save(repositoryId: string, id: string | undefined, input: RuleSpec): BuildRule {
    const spec = ruleSpecSchema.parse(input);
    const problems = validateRule(spec);
    if (problems.length > 0) {
      const [first] = problems;
      const message = first ? phrase('errors.invalidField', { field: first.field, detail: first.phrase }) : phrase('errors.checkField');
      throw new AppError('invalid_input', message, problems.length > 1 ? phrase('rules.errors.moreProblems', { count: problems.length - 1 }) : phrase('rules.errors.fixField'));
    }
    const previous = id ? (JSON.parse(this.#row(id).spec) as { buildArgs: StoredArg[] }).buildArgs : [];
    const ruleId = id ?? newId();
    this.db.transaction(() => {
      const kept = new Set<string>();
      const buildArgs: StoredArg[] = spec.buildArgs.map(({ key, value, secret }) => {
        if (!secret) return { key, value, secret };
        const old = previous.find((a) => a.key === key && a.secret && a.secretId);
        // An empty value on a secret argument means "keep what is stored".
        if (value === '' && old?.secretId) {
          kept.add(old.secretId);
          return { key, value: '', secret, secretId: old.secretId };
        }
        if (value === '') return { key, value: '', secret };
        return { key, value: '', secret, secretId: this.secrets.put(value) };
      });
      const stored = JSON.stringify({ ...spec, buildArgs });
      if (id) {
        this.db.prepare('UPDATE build_rules SET spec = ?, updated_at = ? WHERE id = ?').run(stored, now(), id);
      } else {
        const position = (this.db.prepare('SELECT coalesce(max(position), -1) + 1 FROM build_rules WHERE repository_id = ?').pluck().get(repositoryId) as number) ?? 0;
        this.db.prepare('INSERT INTO build_rules (id, repository_id, position, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(ruleId, repositoryId, position, stored, now(), now());
      }
      for (const arg of previous) if (arg.secretId && !kept.has(arg.secretId)) this.secrets.delete(arg.secretId);
    })();
    return this.get(ruleId);
  }

  delete(id: string): void {
    const stored = JSON.parse(this.#row(id).spec) as { buildArgs: StoredArg[] };
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM build_rules WHERE id = ?').run(id);
      for (const arg of stored.buildArgs) if (arg.secretId) this.secrets.delete(arg.secretId);
    })();
  }

  reorder(repositoryId: string, ids: readonly string[]): BuildRule[] {
    const current = this.list(repositoryId).map((r) => r.id);
    if (current.length !== ids.length || !current.every((id) => ids.includes(id))) {
      throw new AppError('conflict', phrase('repositories.errors.rulesChanged'), phrase('repositories.errors.rulesChangedHint'));
    }
    const update = this.db.prepare('UPDATE build_rules SET position = ? WHERE id = ?');
    this.db.transaction(() => ids.forEach((id, i) => update.run(i, id)))();
    return this.list(repositoryId);
  }

  #row(id: string): Row {
    const row = this.db.prepare('SELECT * FROM build_rules WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AppError('not_found', phrase('repositories.errors.ruleGone'), phrase('repositories.errors.reloadPage'));
    return row;
  }
}

function toView(row: Row): BuildRule {
  const stored = JSON.parse(row.spec) as StoredSpec;
  return {
    id: row.id,
    repositoryId: row.repository_id,
    position: row.position,
    updatedAt: row.updated_at,
    spec: { ...stored, buildArgs: stored.buildArgs.map(({ key, value, secret, secretId }) => (secret ? { key, value: '', secret, hasValue: Boolean(secretId) } : { key, value, secret })) },
  };
}
