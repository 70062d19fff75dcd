import type { SandboxClock } from './clock';
import { appsecretProof } from './ids';
import { signedRequest, webhookSignature } from './signing';
import type { ResolvedSandboxOptions } from './types';

type Delivery = Promise<{ status: number; body: string }>;

/** What Meta signs and sends to an app: signed_request callbacks, webhooks, appsecret_proof. */
export interface SandboxCallbacks {
  /** HMAC-SHA256 hex of the token keyed by the Facebook app secret. */
  appsecretProof(accessToken: string, appSecret?: string): string;
  signedRequest(payload: object, appSecret: string): string;
  webhookSignature(rawBody: string | Buffer, appSecret: string): string;
  /** POST `signed_request=` as Meta's deauthorize / data-deletion callbacks do (default secret: the Facebook app's). */
  sendSignedRequest(url: string, payload: object, appSecret?: string): Delivery;
  /** POST a webhook event JSON signed with X-Hub-Signature-256 (default secret: the Facebook app's). */
  sendWebhook(url: string, event: object, appSecret?: string): Delivery;
}

export function createCallbacks(options: () => ResolvedSandboxOptions, clock: SandboxClock): SandboxCallbacks {
  const secret = (given?: string) => given ?? options().facebookApp.appSecret;
  return {
    appsecretProof: (token, appSecret) => appsecretProof(token, secret(appSecret)),
    signedRequest: (payload, appSecret) => signedRequest(payload, appSecret, clock.now()),
    webhookSignature: (rawBody, appSecret) => webhookSignature(rawBody, appSecret),
    sendSignedRequest: (url, payload, appSecret) =>
      post(url, new URLSearchParams({ signed_request: signedRequest(payload, secret(appSecret), clock.now()) }).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    sendWebhook: (url, event, appSecret) => {
      const raw = JSON.stringify(event);
      return post(url, raw, { 'content-type': 'application/json', 'x-hub-signature-256': webhookSignature(raw, secret(appSecret)) });
    },
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Delivery {
  const r = await fetch(url, { method: 'POST', body, headers });
  return { status: r.status, body: await r.text() };
}
