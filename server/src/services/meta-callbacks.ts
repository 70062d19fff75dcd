import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { getPluginConfig } from '../config/resolve';
import { emitPluginEvent, EVENTS, needsReconnectPayload } from '../events';
import { invalidField, notFound } from '../utils/errors';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';

/** A signed request older than this is refused as stale (Meta delivers them at once). */
const MAX_AGE_SECONDS = 60 * 60;
const DELETION_KEY_PREFIX = 'data-deletion:';

const payloadSchema = z.object({
  algorithm: z.string().refine((value) => value.toUpperCase() === 'HMAC-SHA256', 'algorithm must be HMAC-SHA256'),
  issued_at: z.number().int(),
  user_id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{1,32}$/, 'user_id must be numeric')),
});

const invalid = (reason: string) => invalidField('signed_request', `signed_request: ${reason}`);

const decodeBase64Url = (part: string) => Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

/**
 * Meta's deauthorize and data-deletion callbacks (required for App Review). Both verify
 * `signed_request` against each configured app secret before they change anything.
 */
export const createMetaCallbacksService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const logger = createLogger(strapi);

  /** Verifies HMAC-SHA256 over the payload part as sent, in constant time; returns the payload. */
  const verify = (signedRequest: unknown, now = Date.now()) => {
    if (typeof signedRequest !== 'string' || signedRequest.length > 4096 || !/^[\w-]+\.[\w-]+$/.test(signedRequest)) {
      throw invalid('is missing or malformed');
    }
    const [signaturePart, payloadPart] = signedRequest.split('.');
    const signature = decodeBase64Url(signaturePart);
    const config = getPluginConfig(strapi);
    const secrets = [config.instagram.appSecret, config.facebook.appSecret].filter((secret): secret is string => Boolean(secret));
    const valid = secrets.some((secret) => {
      const expected = createHmac('sha256', secret).update(payloadPart).digest();
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    });
    if (!valid) throw invalid('signature does not match');
    let payload: unknown;
    try {
      payload = JSON.parse(decodeBase64Url(payloadPart).toString('utf8'));
    } catch {
      throw invalid('payload is not JSON');
    }
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) throw invalid(parsed.error.issues[0].message);
    const ageSeconds = now / 1000 - parsed.data.issued_at;
    if (ageSeconds > MAX_AGE_SECONDS || ageSeconds < -300) throw invalid('is stale');
    return parsed.data;
  };

  return {
    verify,

    /** The user removed the app: deactivate their connections and destroy the tokens. */
    async deauthorize(signedRequest: unknown) {
      const { user_id: userId } = verify(signedRequest);
      const connections = await store().connections.findByMetaUserId(userId);
      for (const connection of connections) {
        const marked = await store().connections.update(connection.id, {
          accessToken: null,
          userAccessToken: null,
          isActive: false,
          status: 'deauthorized',
          lastError: `Access was removed on Meta's side on ${new Date().toISOString().slice(0, 10)}. Connect the account again to publish.`,
        });
        // Meta may call again for the same user: only the first removal is announced.
        if (marked && connection.status !== 'deauthorized') emitPluginEvent(strapi, EVENTS.connectionNeedsReconnect, needsReconnectPayload(marked));
      }
      logger.info(`deauthorize callback: ${connections.length} connection(s) deactivated`);
      return { deactivated: connections.length };
    },

    /** The user asked for their data to be deleted: delete it and record a confirmation code. */
    async requestDeletion(signedRequest: unknown) {
      const { user_id: userId } = verify(signedRequest);
      const connections = await store().connections.findByMetaUserId(userId);
      for (const connection of connections) await store().connections.delete(connection.id);
      const confirmationCode = randomBytes(12).toString('hex');
      await store().settings.set(`${DELETION_KEY_PREFIX}${confirmationCode}`, {
        status: 'completed',
        requestedAt: new Date().toISOString(),
        deletedConnections: connections.length,
      });
      logger.info(`data deletion callback: ${connections.length} connection(s) deleted`);
      return { url: getService(strapi, 'urls').dataDeletionStatusUrl(confirmationCode), confirmation_code: confirmationCode };
    },

    /** What happened to a deletion request, by its confirmation code. */
    async deletionStatus(code: string) {
      const record = /^[a-f0-9]{24}$/.test(code) ? await store().settings.get<Record<string, unknown>>(`${DELETION_KEY_PREFIX}${code}`) : null;
      if (!record) throw notFound('Unknown confirmation code');
      return { confirmation_code: code, ...record };
    },
  };
};

export type MetaCallbacksService = ReturnType<typeof createMetaCallbacksService>;
