import type { Core } from '@strapi/strapi';
import { webhookRawBody } from '../middlewares/webhook-body';
import { invalidField } from '../utils/errors';
import { getService } from '../utils/get-service';
import type { RequestContext } from './context';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /api/instagram-publisher/webhooks: Meta's dashboard handshake; echoes hub.challenge as text. */
  async verify(ctx: RequestContext) {
    const challenge = getService(strapi, 'webhookDeliveries').verifyHandshake(ctx.query);
    ctx.type = 'text/plain';
    ctx.body = challenge;
  },

  /** POST /api/instagram-publisher/webhooks: a signed delivery, acknowledged at once and processed afterwards. */
  async receive(ctx: RequestContext) {
    // The webhook body middleware read the bytes before Strapi's parser; without them nothing can be verified.
    const raw = webhookRawBody(ctx);
    if (!raw) throw invalidField('body', 'The delivery body could not be read.');
    const signature = ctx.get('X-Hub-Signature-256') || undefined;
    const { accepted } = getService(strapi, 'webhookDeliveries').accept(raw, signature);
    ctx.body = { received: true, accepted };
  },
});
