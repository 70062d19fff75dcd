import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../../config/resolve';
import { forbidden, invalidField, notFound, PluginHttpError } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { createLogger } from '../../utils/logger';
import { ERROR_NAMES } from '../../contracts';
import { commentPayload, EVENTS, emitPluginEvent, mentionPayload } from '../../events';
import { changesOf, commentValueSchema, deliverySchema, mentionValueSchema, type AccountChange } from './payload';
import { createSeenChanges } from './seen-changes';
import { checkSignature, sameSecret } from './signature';

/** How long a change is remembered against redeliveries; never shorter than the stale bound. */
const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
const DEDUPE_MAX_ENTRIES = 50_000;
/** A delivery from slightly ahead of our clock is fine; far ahead is not Meta's. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const unauthorized = (message: string) => new PluginHttpError(401, ERROR_NAMES.unauthorized, message);

/** Meta's handshake query, as Koa parses it (`hub.mode` stays a dotted key). */
export interface HandshakeQuery {
  'hub.mode'?: unknown;
  'hub.verify_token'?: unknown;
  'hub.challenge'?: unknown;
}

/**
 * Meta's webhooks for Instagram: the dashboard's handshake, and each delivery verified (signature over
 * the raw bytes, size, age), acknowledged at once and processed afterwards. `comments` and
 * `mentions` of connected accounts become events on Strapi's event hub.
 */
export const createWebhookDeliveriesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const logger = createLogger(strapi);
  const store = () => getService(strapi, 'store').get();
  const newSeenSet = () =>
    createSeenChanges({ ttlMs: Math.max(DEDUPE_WINDOW_MS, getPluginConfig(strapi).webhooks.maxAgeSeconds * 1000), maxEntries: DEDUPE_MAX_ENTRIES });
  let seen: ReturnType<typeof createSeenChanges> | null = null;

  const appSecrets = () => {
    const config = getPluginConfig(strapi);
    return [config.instagram.appSecret, config.facebook.appSecret].filter((secret): secret is string => Boolean(secret));
  };

  /** One change's identity: the account, the field and the value, without the entry's time (a redelivery may carry a new one). */
  const changeKey = (change: AccountChange) =>
    createHash('sha256').update(JSON.stringify([change.accountId, change.field, change.value])).digest('hex');

  /** An active connection of the account, whoever owns it: events name the account, not one owner's row. */
  const connectionOf = async (igUserId: string) =>
    (await store().connections.findByMetaUserId(igUserId)).find((connection) => connection.instagramUserId === igUserId && connection.isActive) ?? null;

  const handleChange = async (change: AccountChange) => {
    if (change.field !== 'comments' && change.field !== 'live_comments' && change.field !== 'mentions') {
      logger.debug(`webhook: field "${change.field.slice(0, 100)}" is not handled; acknowledged`);
      return;
    }
    const connection = await connectionOf(change.accountId);
    if (!connection) {
      logger.debug(`webhook: ${change.field} for an account with no active connection (${change.accountId.slice(0, 64)}); acknowledged`);
      return;
    }
    if (change.field === 'mentions') {
      const mention = mentionValueSchema.safeParse(change.value);
      if (!mention.success) return logger.debug('webhook: a mentions change without media_id; acknowledged');
      emitPluginEvent(strapi, EVENTS.mentionCreated, mentionPayload({ mediaId: mention.data.media_id, commentId: mention.data.comment_id ?? null }, connection));
      return;
    }
    const comment = commentValueSchema.safeParse(change.value);
    if (!comment.success) return logger.debug(`webhook: a ${change.field} change without a comment id or media; acknowledged`);
    const source = {
      id: comment.data.id,
      mediaId: comment.data.media.id,
      text: comment.data.text,
      username: comment.data.from?.username ?? null,
      // Meta's comment notification carries no timestamp of its own: the entry's time is when it was sent.
      timestamp: new Date(change.time),
      parentId: comment.data.parent_id ?? null,
    };
    await recordComment(source.mediaId);
    emitPluginEvent(strapi, EVENTS.commentCreated, commentPayload(source, connection));
  };

  /**
   * Marks the post the comment is on (one more comment, the time it arrived), so an open panel or
   * comments list shows it within seconds instead of at the next insights sync. A failure here is
   * logged and the event still goes out.
   */
  const recordComment = async (mediaId: string) => {
    try {
      const changed = await store().publications.recordComment(mediaId, new Date());
      if (changed === 0) logger.debug('webhook: a comment on media that no publication posted; nothing recorded');
    } catch (error) {
      logger.warn('webhook: a comment could not be recorded on its publication', error);
    }
  };

  const processChanges = async (changes: AccountChange[]) => {
    for (const change of changes) {
      try {
        await handleChange(change);
      } catch (error) {
        logger.error(`webhook: a ${change.field.slice(0, 100)} change could not be processed`, error);
      }
    }
  };

  return {
    /**
     * Meta's dashboard handshake: `hub.mode=subscribe` and our verify token → the challenge to echo.
     * 404 while no verify token is configured (the callback is not set up), 403 for anything else.
     */
    verifyHandshake(query: HandshakeQuery): string {
      const configured = getPluginConfig(strapi).webhooks.verifyToken;
      if (!configured) throw notFound('Instagram webhooks are not set up: set webhooks.verifyToken in the plugin configuration.');
      const token = typeof query['hub.verify_token'] === 'string' ? query['hub.verify_token'] : '';
      const modeOk = query['hub.mode'] === 'subscribe';
      // Compared even when the mode is wrong, so the answer's timing says nothing about the token.
      const tokenOk = sameSecret(token, configured);
      if (!modeOk || !tokenOk) throw forbidden('The webhook verification failed: hub.mode must be "subscribe" and hub.verify_token must match webhooks.verifyToken.');
      const challenge = query['hub.challenge'];
      if (typeof challenge !== 'string' || !/^[\w.-]{1,256}$/.test(challenge)) throw invalidField('hub.challenge', 'hub.challenge is missing or malformed');
      return challenge;
    },

    /**
     * Verifies a delivery and schedules its work; returns how many changes were new. Throws 401 without
     * a signature, 403 for a wrong one, 400 for a malformed or stale delivery. The work runs after the
     * answer (Meta wants a 200 within seconds and redelivers otherwise); its errors are only logged.
     */
    accept(rawBody: Buffer, signatureHeader: string | undefined, now = Date.now()): { accepted: number } {
      const secrets = appSecrets();
      if (secrets.length === 0) throw notFound('Instagram webhooks need an app secret: set instagram.appSecret or facebook.appSecret.');
      const check = checkSignature(signatureHeader, rawBody, secrets);
      if (check === 'missing') throw unauthorized('The delivery is not signed: X-Hub-Signature-256 is required.');
      if (check !== 'valid') throw forbidden('The delivery’s X-Hub-Signature-256 does not match its body.');
      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw invalidField('body', 'The delivery is not JSON.');
      }
      const parsed = deliverySchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw invalidField(issue.path.map(String), `${issue.path.join('.') || 'body'}: ${issue.message}`);
      }
      /*
       * Meta's signature has no timestamp or nonce: a captured delivery verifies forever. So a delivery
       * whose entries are older than `webhooks.maxAgeSeconds` (1 h by default) is refused as a replay.
       * An hour covers Meta's prompt deliveries and its first retries; Meta keeps retrying a failing
       * callback for up to 36 h, so a site that was down longer than the bound loses those late
       * deliveries (the next insights/comments sync still sees the comments): raise the bound if that
       * matters more than replays. Redeliveries within the bound are caught by the dedupe set.
       */
      const maxAgeMs = getPluginConfig(strapi).webhooks.maxAgeSeconds * 1000;
      const changes = changesOf(parsed.data);
      for (const change of changes) {
        if (now - change.time > maxAgeMs) throw invalidField(['entry', 'time'], `The delivery is stale: its entries are older than ${maxAgeMs / 1000} s (webhooks.maxAgeSeconds).`);
        if (change.time - now > CLOCK_SKEW_MS) throw invalidField(['entry', 'time'], 'The delivery is dated in the future.');
      }
      if (parsed.data.object !== 'instagram') {
        logger.debug(`webhook: object "${parsed.data.object.slice(0, 100)}" is not handled; acknowledged`);
        return { accepted: 0 };
      }
      seen ??= newSeenSet();
      const set = seen;
      const fresh = changes.filter((change) => set.firstTime(changeKey(change)));
      if (fresh.length) setImmediate(() => void processChanges(fresh));
      return { accepted: fresh.length };
    },

    /** Forgets the changes seen (tests). */
    resetSeen() {
      seen = null;
    },
  };
};

export type WebhookDeliveriesService = ReturnType<typeof createWebhookDeliveriesService>;
