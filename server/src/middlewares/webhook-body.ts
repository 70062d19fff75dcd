import type { IncomingMessage } from 'node:http';
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { ERROR_NAMES } from '../contracts';
import { errorBody } from '../utils/errors';
import { PLUGIN_ID } from '../utils/plugin-id';

/**
 * Meta signs a webhook delivery over its raw bytes (`X-Hub-Signature-256`), and Strapi's body parser
 * keeps only the parsed JSON: re-serialising it would not give the same bytes back (key order,
 * escapes, number forms). So on `POST /api/instagram-publisher/webhooks` only, this middleware reads
 * the body itself, at most `webhooks.maxBodyBytes` (413 beyond, without reading the rest), keeps the
 * bytes for the controller and hides the body's type from the parser, which then leaves it alone.
 * Every other path passes untouched, and the body guard (registered before this) still runs first
 * on every plugin path, this one included.
 */
const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/** The bytes of a webhook delivery as Meta sent them, or undefined when this middleware did not read them. */
export const webhookRawBody = (ctx: { req: IncomingMessage }): Buffer | undefined => rawBodies.get(ctx.req);

class TooLarge extends Error {}

const readLimited = (req: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Stop buffering; the rest of the body is drained and dropped so the answer can be sent.
        req.resume();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });

export const registerWebhookBody = (strapi: Core.Strapi) => {
  const apiPrefix = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '');
  const webhookPath = `${apiPrefix}/${PLUGIN_ID}/webhooks`.toLowerCase();
  strapi.server.use(async (ctx: any, next: () => Promise<void>) => {
    if (ctx.method !== 'POST') return next();
    // Strapi's router matches case-insensitively, with or without a trailing slash: so does this.
    if (String(ctx.path).toLowerCase().replace(/\/+$/, '') !== webhookPath) return next();
    const limit = getPluginConfig(strapi).webhooks.maxBodyBytes;
    const tooLarge = () => {
      ctx.status = 413;
      ctx.body = errorBody(413, ERROR_NAMES.payloadTooLarge, `A webhook delivery may be at most ${limit} bytes (webhooks.maxBodyBytes).`, { maxBytes: limit });
    };
    const declared = Number(ctx.get('Content-Length'));
    if (Number.isFinite(declared) && declared > limit) {
      ctx.req.resume();
      return tooLarge();
    }
    try {
      rawBodies.set(ctx.req, await readLimited(ctx.req, limit));
    } catch (error) {
      if (error instanceof TooLarge) return tooLarge();
      // A body cut short (the client went away): nothing to verify, and not a server fault.
      ctx.status = 400;
      ctx.body = errorBody(400, ERROR_NAMES.validation, 'The webhook delivery could not be read in full.', {});
      return;
    }
    // Without a type, the parser reads nothing (the stream is already consumed).
    delete ctx.req.headers['content-type'];
    return next();
  });
};
