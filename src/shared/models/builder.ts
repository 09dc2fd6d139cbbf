import { z } from 'zod';

/** Where the local engine was found, in the docker CLI's order of precedence. */
export const builderSourceSchema = z.enum(['DOCKER_HOST', 'DOCKER_CONTEXT', 'current-context', 'default']);

export const builderStatusSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('reachable'),
    engineVersion: z.string(),
    apiVersion: z.string(),
    os: z.string(),
    arch: z.string(),
    buildkit: z.boolean(),
  }),
  z.object({ state: z.literal('unreachable'), message: z.string(), hint: z.string() }),
]);

export const builderSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['local', 'remote']),
  /** The engine endpoint as the user would write it: unix:///var/run/docker.sock, tcp://host:2376. */
  endpoint: z.string(),
  source: builderSourceSchema.optional(),
  contextName: z.string().optional(),
  tls: z.boolean(),
  status: builderStatusSchema,
});
export type Builder = z.infer<typeof builderSchema>;
export type BuilderStatus = z.infer<typeof builderStatusSchema>;
export type BuilderSource = z.infer<typeof builderSourceSchema>;
