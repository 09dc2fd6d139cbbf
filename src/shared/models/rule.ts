import { z } from 'zod';

/**
 * A build rule as stored and edited. Secret build-argument values never travel in it: a secret
 * argument carries `hasValue` out of main and a write-only `value` into it.
 */
export const tagTemplateSchema = z.object({
  template: z.string().max(128),
  buildTime: z.object({ format: z.string().min(1).max(32), timeZone: z.string().min(1).max(64) }).optional(),
  commitIdLength: z.number().int().optional(),
});
export type TagTemplate = z.infer<typeof tagTemplateSchema>;

export const buildArgSchema = z.object({
  key: z.string().max(128),
  /** For a secret argument: write-only. Sent empty to keep the stored value; never sent back. */
  value: z.string().max(8192),
  secret: z.boolean(),
  /** Set by main on the way out: a secret argument has a stored value. */
  hasValue: z.boolean().optional(),
});
export type BuildArg = z.infer<typeof buildArgSchema>;

/**
 * Docker Hub's "test before push": run on the image just built, before anything is pushed. A
 * `command` runs as `/bin/sh -c COMMAND` in a container of the built image (its entrypoint set
 * aside, as Docker Hub's hooks run shell text); a `stage` is a Dockerfile target built with the
 * same context and arguments, then run (its own command when none is given); `compose` reads
 * `docker-compose.test.yml` beside the build context and runs its `sut` service.
 */
export const testBeforePushSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), command: z.string().max(4096) }),
  z.object({ kind: z.literal('stage'), stage: z.string().max(128), command: z.string().max(4096).optional() }),
  z.object({ kind: z.literal('compose') }),
]);
export type TestBeforePush = z.infer<typeof testBeforePushSchema>;

export const ruleSpecSchema = z.object({
  type: z.enum(['branch', 'tag']),
  source: z.string().max(255),
  isRegex: z.boolean(),
  /** Regex only: true (default) means the pattern must match the whole branch or tag name. */
  anchored: z.boolean().default(true),
  contextDir: z.string().max(1024).default('/'),
  dockerfile: z.string().max(1024).default('Dockerfile'),
  tags: z.array(tagTemplateSchema).max(10),
  architectures: z.array(z.string().max(64)).max(10),
  buildArgs: z.array(buildArgSchema).max(100),
  /** Path filters (globs from the repository root), as Cloud Build has: left out means none. */
  includedPaths: z.array(z.string().max(512)).max(50).optional(),
  ignoredPaths: z.array(z.string().max(512)).max(50).optional(),
  /** Docker Hub's per-rule Autobuild: false means a push does not start this rule, only Build does. */
  autobuild: z.boolean().optional(),
  /** Docker Hub's per-rule Build Caching: false builds this rule without cache, whatever the repository says. */
  buildCache: z.boolean().optional(),
  /** Left out means no test: the image is pushed as soon as it is built. */
  test: testBeforePushSchema.optional(),
});
export type RuleSpec = z.output<typeof ruleSpecSchema>;
export type RuleSpecInput = z.input<typeof ruleSpecSchema>;

export const supportedArchitectures = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64'] as const;

export const buildRuleSchema = z.object({
  id: z.string(),
  repositoryId: z.string(),
  position: z.number().int(),
  spec: ruleSpecSchema,
  updatedAt: z.string(),
});
export type BuildRule = z.infer<typeof buildRuleSchema>;
