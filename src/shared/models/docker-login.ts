import { z } from 'zod';
import { phraseSchema, problemTextFields } from '../i18n/phrase-schema';

/** Where a login of the local docker is kept: a credential helper program, or config.json's auths. */
export const credentialHolderSchema = z.object({
  kind: z.enum(['helper', 'file']),
  /** The helper's suffix (docker-credential-<name>) or the file's path. */
  name: z.string(),
});
export type CredentialHolder = z.infer<typeof credentialHolderSchema>;

export const loginCheckSchema = z.object({
  state: z.enum(['works', 'failed', 'unchecked']),
  message: z.string(),
  hint: z.string().optional(),
  code: z.string().optional(),
  ...problemTextFields,
});
export type LoginCheck = z.infer<typeof loginCheckSchema>;

/** One registry the local docker (or podman) is logged into; the username only, never the secret. */
export const localLoginSchema = z.object({
  /** The key docker uses: a host[:port], or https://index.docker.io/v1/ for Docker Hub. */
  server: z.string(),
  tool: z.enum(['docker', 'podman']),
  holder: credentialHolderSchema,
  username: z.string().optional(),
  /** The Slipway registry with this address, when there is one. */
  registryId: z.string().optional(),
  registryName: z.string().optional(),
  check: loginCheckSchema,
});
export type LocalLogin = z.infer<typeof localLoginSchema>;

export const dockerContextSchema = z.object({
  name: z.string(),
  endpoint: z.string(),
  current: z.boolean(),
});

export const localDockerStatusSchema = z.object({
  /** The config.json the current user's docker reads (DOCKER_CONFIG honoured). */
  configPath: z.string(),
  configExists: z.boolean(),
  credsStore: z.string().optional(),
  credHelpers: z.record(z.string(), z.string()),
  podmanAuthPath: z.string(),
  logins: z.array(localLoginSchema),
  /** What the docker CLI talks to, shown as found and never changed. */
  engine: z.object({ endpoint: z.string(), source: z.string(), contextName: z.string().optional(), dockerHost: z.string().optional() }),
  contexts: z.array(dockerContextSchema),
  /** Plain-words problems with the setup itself (sudo, unreadable config, missing helper). */
  problems: z.array(z.object({ message: z.string(), hint: z.string(), ...problemTextFields })),
});
export type LocalDockerStatus = z.infer<typeof localDockerStatusSchema>;

export const dockerLoginResultSchema = z.object({
  server: z.string(),
  tool: z.enum(['docker', 'podman']),
  holder: credentialHolderSchema,
  message: z.string(),
  /** The message as a phrase, for the reader's language. */
  phrase: phraseSchema.optional(),
});
export type DockerLoginResult = z.infer<typeof dockerLoginResultSchema>;

export const accessReportSchema = z.object({
  repository: z.string(),
  pull: loginCheckSchema,
  push: loginCheckSchema,
});
export type AccessReport = z.infer<typeof accessReportSchema>;
