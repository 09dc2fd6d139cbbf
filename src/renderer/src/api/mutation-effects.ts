import { channels, type Channel } from '../../../shared/contract';
import { invalidate, type CacheAction } from './cache-actions';

const service = (channel: Channel) => channel.slice(0, channel.indexOf(':'));

/** Changes that reach past the mutation's own service (deleting a registry removes its namespaces…). */
const reaches: Partial<Record<Channel, readonly Channel[]>> = {
  // The watch interval and the hook listener live in the preferences.
  'settings:update': ['triggers:status', 'triggers:hookInfo'],
  'registries:update': ['namespaces:list', 'repositories:list', 'dockerLogin:status'],
  'registries:delete': ['namespaces:list', 'repositories:list', 'dockerLogin:status'],
  'registries:create': ['dockerLogin:status'],
  'namespaces:create': ['repositories:list'],
  'namespaces:update': ['repositories:list'],
  'namespaces:delete': ['repositories:list'],
  'repositories:update': ['triggers:status', 'triggers:hookInfo', 'activity:list', 'activity:page'],
  'repositories:delete': ['builds:list', 'builds:page', 'triggers:status'],
  'rules:save': ['activity:list', 'activity:page'],
  'builds:start': ['builds:list'],
  'builds:retry': ['builds:list'],
  'triggers:pollNow': ['activity:list', 'activity:page'],
  'sources:unbind': ['repositories:list'],
};

/** Calls that only look (a connection test, an access check): they change nothing worth refetching. */
const checks: ReadonlySet<Channel> = new Set<Channel>(['registries:test', 'dockerLogin:access', 'webhooks:receiver', 'repositories:export']);

/**
 * What a successful call invalidates: every query of its own service (a change to webhooks
 * refreshes the webhook lists and histories) plus the few it reaches beyond. Queries nobody has
 * asked for cost nothing to invalidate.
 */
export function mutationEffects(channel: Channel): readonly CacheAction[] {
  if (checks.has(channel)) return [];
  const own = channels.filter((c) => c !== channel && service(c) === service(channel));
  return [...new Set([...own, ...(reaches[channel] ?? [])])].map((c) => invalidate(c));
}
