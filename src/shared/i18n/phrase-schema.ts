import { z } from 'zod';
import type { MessageKey } from './catalogs';
import type { Phrase, PhraseValue } from './phrase';

/**
 * A phrase as it crosses the contract. The key is checked for form only: a renderer older or newer
 * than main may not know it, and then shows the English `message` beside it instead.
 */
export const phraseSchema: z.ZodType<Phrase> = z.lazy(() =>
  z.object({
    key: z.string().regex(/^[A-Za-z0-9_.-]{1,120}$/).transform((key) => key as MessageKey),
    params: z.record(z.string().max(60), z.union([z.string().max(20_000), z.number(), phraseSchema]) as z.ZodType<PhraseValue>).optional(),
  }),
);

/** The fields any record that reports a problem carries: English text, and the phrases to word it. */
export const problemTextFields = {
  phrase: phraseSchema.optional(),
  hintPhrase: phraseSchema.optional(),
};

/** A phrase read back from a database column; one that no longer parses is left out (the English beside it stands). */
export function storedPhrase(json: string | null): Phrase | undefined {
  if (json === null) return undefined;
  try {
    const parsed = phraseSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
