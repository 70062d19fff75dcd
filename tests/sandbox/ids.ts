import { createHmac, randomBytes } from 'node:crypto';

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Sandbox tokens are visibly fake so no log scanner or reviewer mistakes them for Meta's. */
export function mintToken(kind: 'ig' | 'fb' | 'fb-page'): string {
  return `sbx-${kind}-${randomHex(24)}`;
}

export function mintCode(): string {
  return `sbx-code-${randomHex(20)}`;
}

/** Numeric ids of a fixed width, like Meta's, from a prefix and a counter. */
export function idSequence(prefix: string, width: number, start = 1): () => string {
  let n = start;
  return () => prefix + String(n++).padStart(width - prefix.length, '0');
}

const SHORTCODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function shortcode(): string {
  const bytes = randomBytes(11);
  let out = '';
  for (const b of bytes) out += SHORTCODE_ALPHABET[b & 63];
  return out;
}

export function appsecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}
