/**
 * THE api between the renderer and main. Every transport (Electron IPC + preload bridge, the
 * headless host's HTTP/WebSocket) is derived from the keys of `methods` and `events`, so a method
 * without a handler is a compile error and the browser tests run exactly what the desktop app runs.
 *
 * Inputs are validated at the boundary with these schemas. Outputs are parsed too: zod objects
 * strip unknown keys, so a field that is not declared here (a token, a password) cannot cross even
 * if a handler returns it by mistake.
 */
import { z } from 'zod';
import type { ErrorEnvelope } from './errors';
import { appInfoSchema } from './models/app';
import { buildRuleSchema, ruleSpecSchema } from './models/rule';
import { imageTagSchema } from './models/image-tag';
import { builderSettingsInputSchema, builderViewSchema } from './models/builder';
import { connectionReportSchema, registryInputSchema, registrySchema, registryUpdateSchema } from './models/registry';
import {
  imageRepositoryInputSchema,
  imageRepositorySchema,
  imageRepositoryUpdateSchema,
  namespaceInputSchema,
  namespaceSchema,
  repositoryTypeSchema,
} from './models/repository';
import { accessReportSchema, dockerLoginResultSchema, localDockerStatusSchema } from './models/docker-login';
import { preferencesPatchSchema, preferencesSchema } from './models/settings';
import {
  codeSourceSchema,
  gitlabBindInputSchema,
  oauthAppInputSchema,
  oauthAppSchema,
  oauthBindInputSchema,
  oauthFlowResultSchema,
  oauthFlowSchema,
  ownerSchema,
  pageOf,
  refsInputSchema,
  repositoriesInputSchema,
  sourceRefSchema,
  sourceRepositorySchema,
  unbindInputSchema,
  unbindResultSchema,
} from './models/code-source';
import { buildFilterSchema, buildPageInputSchema, buildPageSchema, buildSchema, buildStepSchema, gitRefSchema, logChunkSchema } from './models/build';
import { remoteBuilderInputSchema } from './models/builder';
import { webhookDeliveryEventSchema, webhookDeliveryPageInputSchema, webhookDeliveryPageSchema, webhookDeliverySchema, webhookInputSchema, webhookReceiverSchema, webhookSchema, webhookUpdateSchema } from './models/webhook';
import { activityEntrySchema, activityPageInputSchema, activityPageSchema, hookInfoSchema, watchStatusSchema } from './models/trigger';
import { updateStatusSchema, whenBuildingSchema } from './desktop/update-status';

interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
}

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

const noInput = z.object({}).strict();
const byId = z.object({ id: z.string().min(1) }).strict();
const done = z.object({ done: z.literal(true) });

export const methods = {
  'app:info': method(noInput, appInfoSchema),
  /** The app's own updates: state, offered version, channel and feed ("unsupported" on the headless host). */
  'app:update': method(noInput, updateStatusSchema),
  'app:checkForUpdates': method(noInput, updateStatusSchema),
  /** Installs a downloaded update. With builds running, `ask` is refused (conflict) so the window can ask: `wait` or `stop` them. */
  'app:restartToUpdate': method(z.object({ whenBuilding: whenBuildingSchema.default('ask') }).strict(), updateStatusSchema),
  'settings:get': method(noInput, preferencesSchema),
  'settings:update': method(preferencesPatchSchema, preferencesSchema),
  /** Every builder with what it can build, its capacity, health and load; answered from the pool's cache. */
  'builders:list': method(noInput, z.array(builderViewSchema)),

  'registries:list': method(noInput, z.array(registrySchema)),
  'registries:create': method(registryInputSchema, registrySchema),
  'registries:update': method(registryUpdateSchema, registrySchema),
  'registries:delete': method(byId, done),
  /** Speaks the distribution API for real: /v2/ ping, Basic or Bearer token flow, TLS. */
  'registries:test': method(byId, connectionReportSchema),

  'namespaces:list': method(z.object({ registryId: z.string().optional() }).strict(), z.array(namespaceSchema)),
  'namespaces:create': method(namespaceInputSchema, namespaceSchema),
  'namespaces:update': method(
    z.object({ id: z.string().min(1), autoCreateRepository: z.boolean().optional(), defaultRepositoryType: repositoryTypeSchema.optional() }).strict(),
    namespaceSchema,
  ),
  'namespaces:delete': method(byId, done),

  'repositories:list': method(noInput, z.array(imageRepositorySchema)),
  'repositories:get': method(byId, imageRepositorySchema),
  'repositories:create': method(imageRepositoryInputSchema, imageRepositorySchema),
  'repositories:update': method(imageRepositoryUpdateSchema, imageRepositorySchema),
  'repositories:delete': method(byId, done),
  /** The repository's rules as a file the user keeps: a GitHub Actions workflow or a docker-bake.hcl. */
  'repositories:export': method(
    z.object({ id: z.string().min(1), format: z.enum(['github-actions', 'bake']) }).strict(),
    z.object({ filename: z.string(), content: z.string() }),
  ),
  /** Tags as the registry lists them (paginated there), newest first where the time is known. */
  'rules:list': method(z.object({ repositoryId: z.string().min(1) }).strict(), z.array(buildRuleSchema)),
  /** Creates (no id) or replaces a rule; refused with the first problem's field and reason. */
  'rules:save': method(z.object({ repositoryId: z.string().min(1), id: z.string().min(1).optional(), spec: ruleSpecSchema }).strict(), buildRuleSchema),
  'rules:delete': method(byId, done),
  'rules:reorder': method(z.object({ repositoryId: z.string().min(1), ids: z.array(z.string().min(1)).max(500) }).strict(), z.array(buildRuleSchema)),
  'tags:list': method(z.object({ repositoryId: z.string().min(1) }).strict(), z.array(imageTagSchema)),

  /** Every login the local docker and podman hold, each checked against its registry's /v2/. */
  'dockerLogin:status': method(noInput, localDockerStatusSchema),
  /** Writes a registry's stored login where docker (or podman) reads it, after proving it works. */
  'dockerLogin:login': method(z.object({ registryId: z.string().min(1), tool: z.enum(['docker', 'podman']).default('docker') }).strict(), dockerLoginResultSchema),
  'dockerLogin:logout': method(z.object({ server: z.string().min(1).max(512), tool: z.enum(['docker', 'podman']).default('docker') }).strict(), dockerLoginResultSchema),
  /** Pull and push rights of the registry's login on one repository: denied and unauthorized told apart. */
  'dockerLogin:access': method(z.object({ registryId: z.string().min(1), repository: z.string().trim().min(1).max(255) }).strict(), accessReportSchema),

  'sources:list': method(noInput, z.array(codeSourceSchema)),
  /** Starts an OAuth flow: a loopback listener and the provider's authorize URL; the outcome comes as `sources:flow`. */
  'sources:bind': method(oauthBindInputSchema, oauthFlowSchema),
  'sources:cancelBind': method(z.object({ flowId: z.string().min(1) }).strict(), done),
  /** GitLab: checks the token for real (personal_access_tokens/self, the api scope) before storing it. */
  'sources:bindGitlab': method(gitlabBindInputSchema, codeSourceSchema),
  'sources:unbind': method(unbindInputSchema, unbindResultSchema),
  /** Checks a binding's token now (the background check does the same). */
  'sources:check': method(byId, codeSourceSchema),
  'sources:oauthApps': method(noInput, z.array(oauthAppSchema)),
  'sources:setOAuthApp': method(oauthAppInputSchema, oauthAppSchema),
  'sources:owners': method(z.object({ sourceId: z.string().min(1) }).strict(), z.array(ownerSchema)),
  'sources:repositories': method(repositoriesInputSchema, pageOf(sourceRepositorySchema)),
  'sources:refs': method(refsInputSchema, pageOf(sourceRefSchema)),
  /** Builds, newest first, filterable by repository, status, rule and ref. */
  'builds:list': method(buildFilterSchema, z.array(buildSchema)),
  /** The build history page by page (`next` → `cursor`), newest first. */
  'builds:page': method(buildPageInputSchema, buildPageSchema),
  'builds:get': method(byId, z.object({ build: buildSchema, steps: z.array(buildStepSchema) })),
  /** Lines [from, from+limit) of the stored log; live lines arrive as `builds:log` events. */
  'builds:log': method(z.object({ id: z.string().min(1), from: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(100_000).default(20_000) }).strict(), logChunkSchema),
  /** Builds a rule now: the head of its branch or tag (rules that only make sense on push refuse, saying why). */
  'builds:start': method(z.object({ ruleId: z.string().min(1), ref: gitRefSchema.optional() }).strict(), buildSchema),
  'builds:cancel': method(byId, buildSchema),
  'builds:retry': method(byId, buildSchema),
  'builders:create': method(remoteBuilderInputSchema, builderViewSchema),
  'builders:delete': method(byId, done),
  /** Capacity (concurrent builds) and declared native platforms (empty: as the engine says). */
  'builders:update': method(builderSettingsInputSchema, builderViewSchema),
  /** Asks the builders' engines now ("Check again"), resting ones too; a builder that answers is healthy again. */
  'builders:check': method(z.object({ id: z.string().min(1).optional() }).strict(), z.array(builderViewSchema)),
  'webhooks:list': method(z.object({ repositoryId: z.string().min(1) }).strict(), z.array(webhookSchema)),
  'webhooks:create': method(webhookInputSchema, webhookSchema),
  'webhooks:update': method(webhookUpdateSchema, webhookSchema),
  'webhooks:delete': method(byId, done),
  /** The delivery history page by page (`next` → `cursor`), newest first. */
  'webhooks:page': method(webhookDeliveryPageInputSchema, webhookDeliveryPageSchema),
  /** Newest deliveries first, each with every attempt (request and response, bodies bounded). */
  'webhooks:history': method(z.object({ webhookId: z.string().min(1), limit: z.number().int().min(1).max(200).default(50) }).strict(), z.array(webhookDeliverySchema)),
  /** A new delivery of the same body to the webhook's current address. */
  'webhooks:redeliver': method(z.object({ deliveryId: z.string().min(1) }).strict(), webhookDeliverySchema),
  /** A test event (tag "slipway-test") queued for delivery now. */
  'webhooks:test': method(byId, webhookDeliverySchema),
  /** The address of Slipway's built-in loopback test receiver (started on first use). */
  'webhooks:receiver': method(noInput, webhookReceiverSchema),
  /** The remote watcher per image repository: last and next check, last error. */
  'triggers:status': method(z.object({ repositoryId: z.string().min(1).optional() }).strict(), z.array(watchStatusSchema)),
  /** Checks the repository's remote now ("Check now") and dispatches what changed. */
  'triggers:pollNow': method(z.object({ repositoryId: z.string().min(1) }).strict(), watchStatusSchema),
  'triggers:hookInfo': method(z.object({ repositoryId: z.string().min(1) }).strict(), hookInfoSchema),
  /** Write-only: the inbound push hook's secret goes into the vault; empty removes the hook. */
  'triggers:setHookSecret': method(z.object({ repositoryId: z.string().min(1), secret: z.string().max(256) }).strict(), hookInfoSchema),
  /** Adds the push hook on GitLab with the bound account's token (api scope, Maintainer role), sending to `publicUrl`/hooks/<id>. */
  'triggers:registerGitlabHook': method(
    z.object({ repositoryId: z.string().min(1), publicUrl: z.string().trim().url('Enter the address GitLab can reach, like https://slipway.example.ngrok.app.').max(2048).refine((v) => /^https?:\/\//.test(v), 'Use an http(s) address.') }).strict(),
    z.object({ hookUrl: z.string() }),
  ),
  /** A subject's activity page by page (`next` → `cursor`), newest first. */
  'activity:page': method(activityPageInputSchema, activityPageSchema),
  /** What happened to a subject (an image repository's id), newest first: builds queued, pushes skipped and why. */
  'activity:list': method(z.object({ subject: z.string().min(1).max(128), limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(activityEntrySchema)),
} as const;

export const events = {
  /** The update state changed: checking, downloading (percent), ready to restart, failed. */
  'app:update': updateStatusSchema,
  /** Preferences changed (from any window or transport). */
  'settings:changed': preferencesSchema,
  /** The bound code sources changed (bound, unbound, checked). */
  'sources:changed': z.array(codeSourceSchema),
  /** An OAuth flow ended: bound, failed, canceled or expired. */
  'sources:flow': oauthFlowResultSchema,
  /** A build was queued, started, finished or changed its tags. */
  'builds:changed': buildSchema,
  /**
   * New lines of a running build's log, batched. A batch of a flood comes as its last lines only
   * (`from` then skips past lines never sent): the page reads those from the stored log if it needs them.
   */
  'builds:log': logChunkSchema,
  'builds:steps': z.object({ buildId: z.string(), steps: z.array(buildStepSchema) }),
  /** A webhook delivery was queued or one of its attempts ended. */
  'webhooks:delivery': webhookDeliveryEventSchema,
  /** The remote watcher checked (or started checking) a repository. */
  'triggers:status': watchStatusSchema,
  /** A builder's health, capabilities, settings or load changed: Settings refetches the list. */
  'builders:changed': z.object({ id: z.string() }),
} as const;

export type Channel = keyof typeof methods;
export type EventName = keyof typeof events;
export type MethodInput<C extends Channel> = z.input<(typeof methods)[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<(typeof methods)[C]['input']>;
export type MethodOutput<C extends Channel> = z.output<(typeof methods)[C]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const channels = Object.keys(methods) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(methods, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** What every transport carries back for a call. */
export type CallResult<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: ErrorEnvelope };
