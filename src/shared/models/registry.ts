import { z } from 'zod';
import { caCertPemSchema } from './pem';
import { problemTextFields } from '../i18n/phrase-schema';

/** A registry as the renderer sees it: whether a password and CA are stored, never their values. */
export const registrySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** host[:port] as the user gave it, normalised: docker.io, ghcr.io, localhost:5000. */
  endpoint: z.string(),
  insecure: z.boolean(),
  hasCaCert: z.boolean(),
  username: z.string(),
  hasPassword: z.boolean(),
  createdAt: z.string(),
});
export type Registry = z.infer<typeof registrySchema>;

const endpointInput = z
  .string()
  .trim()
  .min(1, 'registries.form.endpointRequired')
  .max(255);

/**
 * The password crosses once, renderer → main, write-only: it goes straight into the vault and no
 * result or event ever carries it back.
 */
const registryFields = z
  .object({
    name: z.string().trim().min(1, 'registries.form.nameRequired').max(64),
    endpoint: endpointInput,
    insecure: z.boolean(),
    caCertPem: caCertPemSchema.optional(),
    username: z.string().trim().max(255),
    password: z.string().max(4096).optional(),
  })
  .strict();

export const registryInputSchema = registryFields.extend({
  insecure: registryFields.shape.insecure.default(false),
  username: registryFields.shape.username.default(''),
});
export type RegistryInput = z.input<typeof registryInputSchema>;

/** No defaults here: a field left out of an update keeps its stored value. */
export const registryUpdateSchema = registryFields.partial().extend({ id: z.string().min(1) }).strict();

export const connectionReportSchema = z.object({
  ok: z.boolean(),
  authKind: z.enum(['none', 'basic', 'bearer']).optional(),
  message: z.string(),
  hint: z.string().optional(),
  code: z.string().optional(),
  ...problemTextFields,
});
export type ConnectionReport = z.infer<typeof connectionReportSchema>;
