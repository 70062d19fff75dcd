import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The two checks Meta's webhooks rely on: the verify token of the dashboard's handshake, and the
 * `X-Hub-Signature-256` of each delivery. Both compare in constant time, so an attacker cannot learn
 * the token or a valid signature byte by byte from response times.
 */

/** Equal strings, compared through fixed-length digests so neither the content nor the length leaks. */
export const sameSecret = (given: string, expected: string): boolean => {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
};

const SIGNATURE_PATTERN = /^sha256=([0-9a-f]{64})$/i;

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'mismatch';

/**
 * Whether `header` is `sha256=<hex HMAC-SHA256 of the raw body>` under one of the app secrets. Meta
 * signs with the secret of the app the webhook is configured on: the Instagram app for Instagram
 * Login, the Facebook app for Facebook Login; a plugin with both configured accepts either.
 */
export const checkSignature = (header: string | undefined, rawBody: Buffer, secrets: string[]): SignatureCheck => {
  if (!header) return 'missing';
  const match = SIGNATURE_PATTERN.exec(header.trim());
  if (!match) return 'malformed';
  const sent = Buffer.from(match[1], 'hex');
  // Every secret is tried (no early exit), so the time taken does not tell which app matched.
  let valid = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (timingSafeEqual(expected, sent)) valid = true;
  }
  return valid ? 'valid' : 'mismatch';
};
