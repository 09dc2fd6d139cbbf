import { z } from 'zod';
import { codeRepositoryRefSchema } from './code-repo';

export const repositoryTypeSchema = z.enum(['public', 'private']);

export const namespaceSchema = z.object({
  id: z.string(),
  registryId: z.string(),
  name: z.string(),
  autoCreateRepository: z.boolean(),
  defaultRepositoryType: repositoryTypeSchema,
});
export type Namespace = z.infer<typeof namespaceSchema>;

/** One path component of an OCI repository name (the distribution spec's grammar). */
export const nameComponent = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;

export const namespaceInputSchema = z
  .object({
    registryId: z.string().min(1),
    name: z
      .string()
      .trim()
      .min(1, 'repositories.namespaceForm.nameRequired')
      .max(255)
      .refine((v) => v.split('/').every((part) => nameComponent.test(part)), 'repositories.namespaceForm.nameForm'),
    autoCreateRepository: z.boolean().default(true),
    defaultRepositoryType: repositoryTypeSchema.default('private'),
  })
  .strict();

/** Builders a repository builds on: any in the pool, or the ones the user picked. */
export const builderPoolSchema = z.union([z.literal('any'), z.array(z.string().min(1)).min(1).max(64)]);
export type BuilderPool = z.infer<typeof builderPoolSchema>;

export const imageRepositorySchema = z.object({
  id: z.string(),
  namespaceId: z.string(),
  registryId: z.string(),
  /** registry/namespace/name, the reference a `docker pull` takes (without a tag). */
  reference: z.string(),
  name: z.string(),
  type: repositoryTypeSchema,
  summary: z.string(),
  description: z.string(),
  autoBuild: z.boolean(),
  noCache: z.boolean(),
  builderPool: builderPoolSchema,
  /** The code repository builds come from; null until one is bound. */
  codeRepository: codeRepositoryRefSchema.nullable(),
  /** A newer commit of the same rule cancels the build still running for an older one. */
  cancelSuperseded: z.boolean(),
  createdAt: z.string(),
});
export type ImageRepository = z.infer<typeof imageRepositorySchema>;

const imageRepositoryFields = z
  .object({
    namespaceId: z.string().min(1),
    name: z
      .string()
      .trim()
      .min(1, 'repositories.form.nameRequired')
      .max(255)
      .refine((v) => v.split('/').every((part) => nameComponent.test(part)), 'repositories.form.nameForm'),
    type: repositoryTypeSchema,
    summary: z.string().trim().max(100, 'repositories.form.summaryTooLong'),
    description: z.string().max(100_000),
    autoBuild: z.boolean(),
    noCache: z.boolean(),
    builderPool: builderPoolSchema,
    /** The single builder of earlier versions: taken as a pool of one. */
    builderId: z.string().min(1),
    codeRepository: codeRepositoryRefSchema.nullable(),
    cancelSuperseded: z.boolean(),
  })
  .strict();

/** Left-out fields take the namespace's type and the usual build settings. */
export const imageRepositoryInputSchema = imageRepositoryFields.partial({ type: true, summary: true, description: true, autoBuild: true, noCache: true, builderPool: true, builderId: true, codeRepository: true, cancelSuperseded: true });

/** No defaults here: a field left out of an update keeps its stored value. */
export const imageRepositoryUpdateSchema = imageRepositoryFields.omit({ namespaceId: true, name: true }).partial().extend({ id: z.string().min(1) }).strict();
