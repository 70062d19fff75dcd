import { createHmac } from 'node:crypto';

/**
 * Meta's signed_request: base64url(HMAC-SHA256(secret, payloadPart)) + '.' + payloadPart,
 * payloadPart = base64url(JSON), both without padding. algorithm and issued_at are filled in when absent.
 */
export function signedRequest(payload: object, appSecret: string, nowMs = Date.now()): string {
  const full = { algorithm: 'HMAC-SHA256', issued_at: Math.floor(nowMs / 1000), ...payload };
  const payloadPart = Buffer.from(JSON.stringify(full), 'utf8').toString('base64url');
  const sig = createHmac('sha256', appSecret).update(payloadPart).digest('base64url');
  return `${sig}.${payloadPart}`;
}

/** Value of X-Hub-Signature-256 for a webhook body exactly as sent. */
export function webhookSignature(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
