import { z } from 'zod';
import { phraseSchema, problemTextFields } from '../i18n/phrase-schema';
import { caCertPemSchema } from './pem';

/** The platforms an account can be bound on; 'git' (a plain URL) needs no binding. */
export const sourceProviderSchema = z.enum(['github', 'gitlab', 'bitbucket', 'gitee']);
export type SourceProvider = z.infer<typeof sourceProviderSchema>;
export const oauthProviderSchema = z.enum(['github', 'bitbucket', 'gitee']);
export type OAuthProvider = z.infer<typeof oauthProviderSchema>;

export const sourceStatusSchema = z.enum(['ok', 'attention']);

/** A bound account as the renderer sees it: never the token, only facts about it. */
export const codeSourceSchema = z.object({
  id: z.string(),
  provider: sourceProviderSchema,
  /** The site's web address (https://github.com, a GitHub Enterprise Server, a GitLab instance). */
  baseUrl: z.string(),
  login: z.string(),
  displayName: z.string().optional(),
  status: sourceStatusSchema,
  /** Why the binding needs attention, and what to do. */
  reason: z.string().optional(),
  hint: z.string().optional(),
  /** The reason and hint as phrases, when Slipway worded them (a site's own refusal stays text). */
  ...problemTextFields,
  scopes: z.array(z.string()),
  /** When the stored token stops working (GitLab personal access tokens); absent when it does not expire. */
  tokenExpiresAt: z.string().optional(),
  /** Set when the expiry is near: the text of the warning. */
  expiryWarning: z.string().optional(),
  expiryWarningPhrase: phraseSchema.optional(),
  hasCaCert: z.boolean(),
  checkedAt: z.string().optional(),
  createdAt: z.string(),
});
export type CodeSource = z.infer<typeof codeSourceSchema>;

const httpUrl = z
  .string()
  .trim()
  .min(1, 'sources.validation.address')
  .max(2048)
  .refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'sources.validation.httpAddress');

export const oauthBindInputSchema = z
  .object({
    provider: oauthProviderSchema,
    /** GitHub Enterprise Server's address; empty for github.com (and always for Bitbucket and Gitee). */
    baseUrl: httpUrl.optional().or(z.literal('').transform(() => undefined)),
    /** A GitHub Enterprise Server with a private CA. */
    caCertPem: caCertPemSchema.optional(),
  })
  .strict();

export const oauthFlowSchema = z.object({
  flowId: z.string(),
  provider: oauthProviderSchema,
  /** Holds the client id, redirect URI, state and PKCE challenge: nothing secret. */
  authorizeUrl: z.string(),
  /** True when main opened the system browser itself (Electron); otherwise the window opens the URL. */
  openedExternally: z.boolean(),
  expiresAt: z.string(),
});
export type OAuthFlow = z.infer<typeof oauthFlowSchema>;

export const oauthFlowResultSchema = z.object({
  flowId: z.string(),
  provider: oauthProviderSchema,
  outcome: z.enum(['bound', 'failed', 'canceled', 'expired']),
  source: codeSourceSchema.optional(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional(), ...problemTextFields }).optional(),
});
export type OAuthFlowResult = z.infer<typeof oauthFlowResultSchema>;

export const gitlabBindInputSchema = z
  .object({
    url: httpUrl,
    username: z.string().trim().min(1, 'sources.validation.gitlabUsername').max(255),
    token: z.string().trim().min(1, 'sources.validation.token').max(1024),
    caCertPem: caCertPemSchema.optional(),
  })
  .strict();
export type GitlabBindInput = z.infer<typeof gitlabBindInputSchema>;

export const unbindInputSchema = z
  .object({
    id: z.string().min(1),
    /** GitLab: also revoke the personal access token itself (it cannot be undone). */
    revokeToken: z.boolean().default(false),
  })
  .strict();

export const unbindResultSchema = z.object({
  done: z.literal(true),
  /** What happened at the provider: revoked, or why not. */
  revocation: z.string(),
  revocationPhrase: phraseSchema.optional(),
});

export const oauthAppSchema = z.object({
  provider: oauthProviderSchema,
  clientId: z.string(),
  hasSecret: z.boolean(),
  /** Where the client id comes from. */
  origin: z.enum(['settings', 'environment', 'none']),
  /** The callback URL to register with the provider. */
  callbackUrl: z.string(),
});
export type OAuthAppInfo = z.infer<typeof oauthAppSchema>;

export const oauthAppInputSchema = z
  .object({
    provider: oauthProviderSchema,
    clientId: z.string().trim().max(255),
    /** Left out: the stored secret stays. Empty: removed. */
    clientSecret: z.string().trim().max(1024).optional(),
  })
  .strict();

export const ownerSchema = z.object({
  /** The key to list this owner's repositories with (a login, a workspace slug, a GitLab group id). */
  id: z.string(),
  name: z.string(),
  /** GitLab: group/subgroup. */
  fullPath: z.string(),
  kind: z.enum(['user', 'organization', 'group', 'workspace']),
});
export type Owner = z.infer<typeof ownerSchema>;

export const sourceRepositorySchema = z.object({
  fullName: z.string(),
  name: z.string(),
  cloneUrl: z.string(),
  webUrl: z.string().optional(),
  defaultBranch: z.string().optional(),
  private: z.boolean(),
});
export type SourceRepository = z.infer<typeof sourceRepositorySchema>;

export const pageInputSchema = z.object({ page: z.number().int().min(1).max(10_000).default(1), perPage: z.number().int().min(1).max(100).default(30) });

export const repositoriesInputSchema = z
  .object({
    sourceId: z.string().min(1),
    ownerId: z.string().min(1).max(512),
    search: z.string().trim().max(255).default(''),
  })
  .extend(pageInputSchema.shape)
  .strict();
export type RepositoriesInput = z.infer<typeof repositoriesInputSchema>;

export const refsInputSchema = z
  .object({
    sourceId: z.string().min(1),
    fullName: z.string().min(1).max(512),
    kind: z.enum(['branch', 'tag']),
    search: z.string().trim().max(255).default(''),
  })
  .extend(pageInputSchema.shape)
  .strict();
export type RefsInput = z.infer<typeof refsInputSchema>;

export const sourceRefSchema = z.object({ name: z.string(), commit: z.string() });
export type SourceRef = z.infer<typeof sourceRefSchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), page: z.number(), hasMore: z.boolean() });
}
export interface Page<T> {
  readonly items: T[];
  readonly page: number;
  readonly hasMore: boolean;
}
