import type { SandboxClock } from './clock';
import { appsecretProof } from './ids';
import { signedRequest, webhookSignature } from './signing';
import type { ResolvedSandboxOptions } from './types';

type Delivery = Promise<{ status: number; body: string }>;

export interface WebhookDeliveryOptions {
  /** The app secret Meta signs with (default: the Facebook app's). */
  secret?: string;
  /** Sign with a wrong secret, as a forger would. */
  forge?: boolean;
  /** Send no X-Hub-Signature-256 at all. */
  unsigned?: boolean;
  /** Date every entry this many seconds in the past (default 2 h), as a replayed capture would be. */
  stale?: boolean | number;
}

/** Meta's webhook deliveries to an app: `{ object, entry: [{ id, time, changes }] }`, signed. */
export interface SandboxWebhooks {
  /**
   * POST a delivery to `url`, signed over the exact bytes sent. Each entry without `time` gets the
   * sandbox clock's now (in seconds, as Meta sends it).
   */
  deliver(url: string, payload: { object?: string; entry: Array<Record<string, unknown>> }, options?: WebhookDeliveryOptions): Delivery;
  /** A `comments` change as Meta sends it for a new comment on `mediaId` of account `igUserId`. */
  comment(igUserId: string, c: { id: string; mediaId: string; text: string; username?: string; parentId?: string }): Record<string, unknown>;
  /** A `mentions` change: the account was @mentioned in comment `commentId` (or a caption, without it) of `mediaId`. */
  mention(igUserId: string, m: { mediaId: string; commentId?: string }): Record<string, unknown>;
}

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
  readonly webhooks: SandboxWebhooks;
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
    webhooks: {
      deliver: (url, payload, opts = {}) => {
        const staleSeconds = opts.stale === true ? 2 * 3600 : typeof opts.stale === 'number' ? opts.stale : 0;
        const time = Math.floor(clock.now() / 1000) - staleSeconds;
        const body = { object: payload.object ?? 'instagram', entry: payload.entry.map((e) => ({ ...e, time: staleSeconds ? time : (e.time ?? time) })) };
        const raw = JSON.stringify(body);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (!opts.unsigned) headers['x-hub-signature-256'] = webhookSignature(raw, opts.forge ? `forged-${secret(opts.secret)}` : secret(opts.secret));
        return post(url, raw, headers);
      },
      comment: (igUserId, c) => ({
        id: igUserId,
        changes: [
          {
            field: 'comments',
            value: {
              id: c.id,
              from: { id: `9${c.id.slice(-15)}`, username: c.username ?? 'sandbox_fan' },
              text: c.text,
              media: { id: c.mediaId, media_product_type: 'FEED' },
              ...(c.parentId ? { parent_id: c.parentId } : {}),
            },
          },
        ],
      }),
      mention: (igUserId, m) => ({
        id: igUserId,
        changes: [{ field: 'mentions', value: { media_id: m.mediaId, ...(m.commentId ? { comment_id: m.commentId } : {}) } }],
      }),
    },
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Delivery {
  const r = await fetch(url, { method: 'POST', body, headers });
  return { status: r.status, body: await r.text() };
}
