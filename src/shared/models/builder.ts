import { z } from 'zod';
import { caCertPemSchema } from './pem';

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

/** A remote engine: tcp:// with TLS client certificates, or ssh:// (the docker CLI's notations). */
export const remoteBuilderInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the builder.').max(64),
    endpoint: z
      .string()
      .trim()
      .max(512)
      .refine((v) => /^(tcp|ssh):\/\/[^\s/]+/.test(v), 'Use tcp://host:port or ssh://user@host.'),
    /** PEM; the private key goes into the vault. */
    caCertPem: caCertPemSchema.optional(),
    clientCertPem: z.string().max(20_000).optional(),
    clientKeyPem: z.string().max(20_000).optional(),
  })
  .strict();
export type RemoteBuilderInput = z.infer<typeof remoteBuilderInputSchema>;
