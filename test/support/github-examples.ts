import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface RecordedPush extends Record<string, unknown> {
  readonly ref: string;
  readonly created: boolean;
}

/**
 * A push GitHub really sent (branch master created), as recorded in npm @octokit/webhooks-examples:
 * a delivery body with every field GitHub fills in, not one written from memory.
 */
export function recordedBranchPush(): RecordedPush {
  const require = createRequire(import.meta.url);
  const index = JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as { name: string; examples: RecordedPush[] }[];
  const push = index.find((e) => e.name === 'push')?.examples.find((p) => p.ref === 'refs/heads/master' && p.created);
  if (!push) throw new Error('@octokit/webhooks-examples has no "branch created" push');
  return push;
}
