import { z } from 'zod';
import { phraseSchema } from '../i18n/phrase-schema';

/**
 * Outgoing webhooks of an image repository: who is told about a new image, and what happened
 * when they were told. A webhook's secret crosses once, renderer → main, write-only; every result
 * carries only `hasSecret`.
 */

/** A tag expression is a regular expression over the whole tag name (anchored, like build rules). */
export function compileTagExpression(expression: string): RegExp | string {
  const compiled = compileOrDetail(expression);
  return compiled instanceof RegExp ? compiled : `Not a valid regular expression: ${compiled.detail}`;
}

/**
 * The JavaScript engine's own words on why an expression does not compile, for a form to put into
 * its own sentence (the engine's words stay as received, in English).
 */
export function compileOrDetail(expression: string): RegExp | { readonly detail: string } {
  try {
    return new RegExp(`^(?:${expression})$`, 'u');
  } catch (error) {
    return { detail: (error as Error).message.replace(/^Invalid regular expression: /, '') };
  }
}

const tagName = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, 'webhooks.form.tagForm');

export const webhookTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.literal('expression'),
      expression: z
        .string()
        .min(1, 'webhooks.form.expressionRequired')
        .max(500)
        .superRefine((value, ctx) => {
          const compiled = compileTagExpression(value);
          if (typeof compiled === 'string') ctx.addIssue({ code: 'custom', message: compiled });
        }),
    })
    .strict(),
  z.object({ kind: z.literal('tags'), tags: z.array(tagName).min(1, 'webhooks.form.tagsRequired').max(100) }).strict(),
]);
export type WebhookTrigger = z.infer<typeof webhookTriggerSchema>;

/** Whether a pushed tag sets the trigger off: the same answer in the form's preview and in main. */
export function triggerFires(trigger: WebhookTrigger, tag: string): boolean {
  switch (trigger.kind) {
    case 'all':
      return true;
    case 'tags':
      return trigger.tags.includes(tag);
    case 'expression': {
      const compiled = compileTagExpression(trigger.expression);
      return typeof compiled !== 'string' && compiled.test(tag);
    }
  }
}

const webhookUrl = z
  .string()
  .trim()
  .min(1, 'webhooks.form.urlRequired')
  .max(2048)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'webhooks.form.urlNotWeb' });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'webhooks.form.urlScheme' });
    // A password in the address would be shown in the list and the history: that is what the secret is for.
    else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'webhooks.form.urlLogin' });
  });

export const webhookSchema = z.object({
  id: z.string(),
  repositoryId: z.string(),
  name: z.string(),
  url: z.string(),
  trigger: webhookTriggerSchema,
  hasSecret: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The newest delivery's state, for the list; null before the first one. */
  lastDelivery: z
    .object({ id: z.string(), status: z.enum(['pending', 'succeeded', 'failed']), statusCode: z.number().int().nullable(), at: z.string() })
    .nullable(),
});
export type Webhook = z.infer<typeof webhookSchema>;

const webhookFields = z
  .object({
    name: z.string().trim().min(1, 'webhooks.form.nameRequired').max(64),
    url: webhookUrl,
    trigger: webhookTriggerSchema,
    secret: z.string().max(1024).optional(),
  })
  .strict();

export const webhookInputSchema = webhookFields.extend({ repositoryId: z.string().min(1) }).strict();
export type WebhookInput = z.input<typeof webhookInputSchema>;

/** Left-out fields keep their stored value; `secret: null` (or '') removes the stored secret. */
export const webhookUpdateSchema = webhookFields
  .partial()
  .extend({ id: z.string().min(1), secret: z.string().max(1024).nullable().optional() })
  .strict();

const headerList = z.array(z.tuple([z.string(), z.string()]));

export const webhookAttemptSchema = z.object({
  /** A number, like the access history's "webhook ID". */
  id: z.number().int(),
  number: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  url: z.string(),
  requestHeaders: headerList,
  requestBody: z.string(),
  /** null when no answer came (refused, reset, timed out). */
  statusCode: z.number().int().nullable(),
  responseHeaders: headerList,
  responseBody: z.string(),
  /** The response body was longer than what is kept. */
  responseTruncated: z.boolean(),
  error: z.string().nullable(),
  outcome: z.enum(['succeeded', 'retry', 'failed']),
  /** Why this outcome: "server error, retried in 20 s", "a 4xx is not retried". */
  note: z.string(),
  /** The error and the note as phrases, for the reader's language; attempts recorded before phrases have only the English. */
  errorPhrase: phraseSchema.optional(),
  notePhrase: phraseSchema.optional(),
});
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

export const deliveryStatusSchema = z.enum(['pending', 'succeeded', 'failed']);

export const webhookDeliverySchema = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: z.enum(['push', 'test']),
  tag: z.string(),
  digest: z.string(),
  status: deliveryStatusSchema,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  redeliveryOf: z.string().nullable(),
  attempts: z.array(webhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

/** A webhook's history page by page, newest first (issue 15): `cursor` is the `next` of the page before, opaque. */
export const webhookDeliveryPageInputSchema = z
  .object({ webhookId: z.string().min(1), limit: z.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() })
  .strict();

export const webhookDeliveryPageSchema = z.object({ items: z.array(webhookDeliverySchema), next: z.string().nullable() });
export type WebhookDeliveryPage = z.infer<typeof webhookDeliveryPageSchema>;

/** Sent whenever a delivery is created or one of its attempts ends, so open history views update live. */
export const webhookDeliveryEventSchema = z.object({
  webhookId: z.string(),
  repositoryId: z.string(),
  deliveryId: z.string(),
  status: deliveryStatusSchema,
  attempts: z.number().int(),
  statusCode: z.number().int().nullable(),
});
export type WebhookDeliveryEvent = z.infer<typeof webhookDeliveryEventSchema>;

export const webhookReceiverSchema = z.object({
  /** An address of Slipway's own loopback receiver: it answers 200 and reports whether the signature held. */
  url: z.string(),
});
