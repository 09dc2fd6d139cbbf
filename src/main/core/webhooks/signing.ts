import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature of a delivery made with a secret. */
export const signatureHeader = 'X-Slipway-Signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is inside the signed
 * text, so a receiver that refuses old timestamps cannot be fed a captured request again later.
 * Each attempt is signed afresh, so a retry an hour later still passes a five-minute window.
 */
export function signatureFor(secret: string, body: string, timestamp: number): string {
  const t = Math.trunc(timestamp);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

export type SignatureCheck = 'valid' | 'invalid' | 'stale' | 'absent';

/** The receiver's side of the recipe in the README; used by the built-in test receiver and the tests. */
export function verifySignature(secret: string, body: string, header: string | undefined, nowSeconds: number, toleranceSeconds = 300): SignatureCheck {
  if (!header) return 'absent';
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t)) return 'invalid';
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex'));
  const matches = (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return 'invalid';
  return Math.abs(nowSeconds - t) > toleranceSeconds ? 'stale' : 'valid';
}
