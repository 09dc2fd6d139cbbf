import { z } from 'zod';
import { phraseSchema, problemTextFields } from '../i18n/phrase-schema';
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
  z.object({ state: z.literal('unreachable'), message: z.string(), hint: z.string(), ...problemTextFields }),
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

/**
 * An added engine: tcp:// with TLS client certificates, ssh:// (the docker CLI's notations), or
 * unix:// for another engine on this machine (a Podman socket, a second dockerd).
 */
export const remoteBuilderInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the builder.').max(64),
    endpoint: z
      .string()
      .trim()
      .max(512)
      .refine((v) => /^(tcp|ssh):\/\/[^\s/]+/.test(v) || /^unix:\/\/\/\S+$/.test(v), 'builders.validation.endpoint'),
    /** PEM; the private key goes into the vault. */
    caCertPem: caCertPemSchema.optional(),
    clientCertPem: z.string().max(20_000).optional(),
    clientKeyPem: z.string().max(20_000).optional(),
  })
  .strict();
export type RemoteBuilderInput = z.infer<typeof remoteBuilderInputSchema>;

export const minBuilderCapacity = 1;
export const maxBuilderCapacity = 16;
export const maxDeclaredPlatforms = 8;

/** An OCI platform as a user declares it: `linux/arm64`, `linux/arm/v7`. */
export const platformSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/, 'builders.validation.platform');

/** What the user sets per builder, the local engine included. */
export const builderSettingsInputSchema = z
  .object({
    id: z.string().min(1).max(64),
    capacity: z.number().int('builders.validation.capacity').min(minBuilderCapacity, 'builders.validation.capacity').max(maxBuilderCapacity, 'builders.validation.capacity'),
    /** Replaces the detected native platforms; empty to go back to what the engine says. */
    nativePlatforms: z
      .array(platformSchema)
      .max(maxDeclaredPlatforms, 'builders.validation.tooManyPlatforms')
      .refine((list) => new Set(list).size === list.length, 'builders.validation.duplicatePlatform'),
  })
  .strict();
export type BuilderSettingsInput = z.infer<typeof builderSettingsInputSchema>;

export const engineKindSchema = z.enum(['docker', 'podman']);

export const builderCapabilitiesSchema = z.object({
  engineKind: engineKindSchema,
  engineVersion: z.string(),
  apiVersion: z.string(),
  buildkitVersion: z.string().nullable(),
  /** Declared by the user when they declared any, else the engine's own. */
  nativePlatforms: z.array(z.string()),
  emulatedPlatforms: z.array(z.string()),
  /** The native platform the engine itself reports (shown beside a declaration). */
  detectedNativePlatform: z.string().nullable(),
  /** 'engine' when BuildKit's worker list could not be read: emulated platforms are then unknown. */
  platformsFrom: z.enum(['buildkit', 'engine']),
  session: z.boolean(),
});

export const builderHealthSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('healthy') }),
  z.object({
    state: z.literal('resting'),
    failures: z.number().int(),
    /** When it is tried again (ISO time). */
    until: z.string(),
    reason: z.string(),
    reasonPhrase: phraseSchema.optional(),
  }),
]);

export const builderLoadSchema = z.object({ running: z.number().int(), waiting: z.number().int() });

/** A builder as Settings shows it: the engine, what it can build, its settings, health and load. */
export const builderViewSchema = builderSchema.extend({
  capacity: z.number().int(),
  declaredPlatforms: z.array(z.string()),
  /** Null until the builder has answered once (its health says why not). */
  capabilities: builderCapabilitiesSchema.nullable(),
  health: builderHealthSchema,
  load: builderLoadSchema,
});
export type BuilderView = z.infer<typeof builderViewSchema>;
export type BuilderCapabilitiesView = z.infer<typeof builderCapabilitiesSchema>;
export type BuilderHealthView = z.infer<typeof builderHealthSchema>;
