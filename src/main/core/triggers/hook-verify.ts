import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RefChange } from './dispatcher';

export type HookProvider = 'github' | 'gitlab' | 'gitee' | 'bitbucket';

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Compares through fixed-length digests so neither the content nor the length leaks by timing. */
function same(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

function hmacHex(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Which provider sent the request, from the event header each one documents. */
export function detectProvider(headers: Headers): HookProvider | null {
  if (header(headers, 'x-github-event')) return 'github';
  if (header(headers, 'x-gitlab-event')) return 'gitlab';
  if (header(headers, 'x-gitee-event')) return 'gitee';
  if (header(headers, 'x-event-key')) return 'bitbucket';
  return null;
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Checks a request against the repository's hook secret the way each provider documents it:
 * GitHub `X-Hub-Signature-256` (HMAC-SHA256 of the raw body), GitLab `X-Gitlab-Token` (the secret
 * itself), Gitee `X-Gitee-Token` (the password itself, or base64 HMAC-SHA256 of
 * "timestamp\nsecret" with `X-Gitee-Timestamp` within an hour), Bitbucket `X-Hub-Signature`
 * (HMAC-SHA256 of the raw body, `sha256=` hex).
 */
export function verifyHook(provider: HookProvider, headers: Headers, body: Buffer, secret: string, now: number = Date.now()): Verdict {
  switch (provider) {
    case 'github':
    case 'bitbucket': {
      const name = provider === 'github' ? 'x-hub-signature-256' : 'x-hub-signature';
      const given = header(headers, name);
      if (!given) return { ok: false, reason: `no ${name} header: set the hook’s secret at the provider` };
      return same(given.trim().toLowerCase(), `sha256=${hmacHex(secret, body)}`) ? { ok: true } : { ok: false, reason: 'the signature does not match the secret' };
    }
    case 'gitlab': {
      const given = header(headers, 'x-gitlab-token');
      if (!given) return { ok: false, reason: 'no X-Gitlab-Token header: set the hook’s secret token in GitLab' };
      return same(given, secret) ? { ok: true } : { ok: false, reason: 'the secret token does not match' };
    }
    case 'gitee': {
      const given = header(headers, 'x-gitee-token');
      if (!given) return { ok: false, reason: 'no X-Gitee-Token header: set the hook’s password or signing key in Gitee' };
      if (same(given, secret)) return { ok: true };
      const timestamp = header(headers, 'x-gitee-timestamp');
      if (!timestamp || !/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: 'the password does not match' };
      if (Math.abs(now - Number(timestamp)) > 3_600_000) return { ok: false, reason: 'the signature’s timestamp is more than an hour away from this machine’s clock' };
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
      let decoded = given;
      try {
        decoded = decodeURIComponent(given);
      } catch {
        // not URL-encoded
      }
      return same(decoded, expected) ? { ok: true } : { ok: false, reason: 'the signature does not match the signing key' };
    }
  }
}

/** Whether the event is a push at all (a ping, an issue or a merge request is answered and ignored). */
export function isPushEvent(provider: HookProvider, headers: Headers): boolean {
  const event = header(headers, provider === 'github' ? 'x-github-event' : provider === 'gitlab' ? 'x-gitlab-event' : provider === 'gitee' ? 'x-gitee-event' : 'x-event-key') ?? '';
  if (provider === 'github') return event === 'push';
  if (provider === 'bitbucket') return event === 'repo:push' || event === 'repo:refs_changed';
  return event === 'Push Hook' || event === 'Tag Push Hook' || event === 'System Hook';
}

const zero = /^0+$/;
const sha = (v: unknown): string | null => (typeof v === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(v) && !zero.test(v) ? v : null);

function fromRef(ref: unknown): { kind: 'branch' | 'tag'; name: string } | null {
  if (typeof ref !== 'string') return null;
  if (ref.startsWith('refs/heads/')) return { kind: 'branch', name: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { kind: 'tag', name: ref.slice('refs/tags/'.length) };
  return null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);

/** The ref changes a push payload describes, in the watcher's terms. */
export function pushChanges(provider: HookProvider, payload: unknown): RefChange[] {
  const body = obj(payload);
  if (!body) return [];
  if (provider === 'bitbucket') {
    const changes: RefChange[] = [];
    // Bitbucket Cloud: push.changes[].old/new; Bitbucket Data Center: changes[].ref/fromHash/toHash.
    for (const c of (obj(body.push)?.changes as unknown[] | undefined) ?? []) {
      const change = obj(c);
      const side = (s: unknown) => {
        const o = obj(s);
        const type = o?.type === 'branch' || o?.type === 'named_branch' ? 'branch' : o?.type === 'tag' || o?.type === 'annotated_tag' ? 'tag' : null;
        return o && type && typeof o.name === 'string' ? { kind: type as 'branch' | 'tag', name: o.name, sha: sha(obj(o.target)?.hash) } : null;
      };
      const before = side(change?.old);
      const after = side(change?.new);
      const ref = after ?? before;
      if (ref) changes.push({ kind: ref.kind, name: ref.name, before: before?.sha ?? null, after: after?.sha ?? null });
    }
    for (const c of (body.changes as unknown[] | undefined) ?? []) {
      const change = obj(c);
      const ref = fromRef(obj(change?.ref)?.id ?? change?.refId);
      if (ref) changes.push({ ...ref, before: sha(change?.fromHash), after: sha(change?.toHash) });
    }
    return changes;
  }
  const ref = fromRef(body.ref);
  if (!ref) return [];
  let after = sha(body.after);
  // For an annotated tag `after` names the tag object; builds want the commit it points at, which
  // GitHub and Gitee give as head_commit and GitLab as checkout_sha.
  if (ref.kind === 'tag' && after) after = sha(obj(body.head_commit)?.id) ?? sha(body.checkout_sha) ?? after;
  return [{ ...ref, before: sha(body.before), after }];
}
