import { z } from 'zod';

/** A tag as the registry reports it. */
export const imageTagSchema = z.object({
  tag: z.string(),
  digest: z.string(),
  mediaType: z.string(),
  size: z.number().int().nonnegative(),
  platforms: z.array(z.string()),
  created: z.string().optional(),
  pullCommand: z.string(),
});
export type ImageTag = z.infer<typeof imageTagSchema>;
