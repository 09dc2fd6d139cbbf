import { z } from 'zod';

export const providerSchema = z.enum(['github', 'gitlab', 'bitbucket', 'gitee', 'git']);
export type Provider = z.infer<typeof providerSchema>;

/**
 * The code repository an image repository builds from. `sourceId` names the bound code-source
 * account whose token fetches it (null for a public or plain git URL). The clone URL never carries
 * credentials: the token is handed to git by main at fetch time only.
 */
export const codeRepositoryRefSchema = z
  .object({
    provider: providerSchema,
    sourceId: z.string().min(1).nullable(),
    /** owner/name as the provider shows it (GitLab: group/subgroup/project). */
    fullName: z.string().trim().min(1).max(512),
    cloneUrl: z
      .string()
      .trim()
      .url('Enter the repository’s https clone URL.')
      .max(2048)
      .refine((v) => /^https?:\/\//.test(v), 'Use an http(s) clone URL.')
      .refine((v) => {
        try {
          const u = new URL(v);
          return u.username === '' && u.password === '';
        } catch {
          return false;
        }
      }, 'Leave the login out of the URL: Slipway uses the bound account’s token.'),
    webUrl: z.string().max(2048).optional(),
    defaultBranch: z.string().max(255).optional(),
  })
  .strict();
export type CodeRepositoryRef = z.infer<typeof codeRepositoryRefSchema>;
