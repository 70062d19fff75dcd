import type { Core } from '@strapi/strapi';
import { ERROR_NAMES } from '../contracts';
import { errorBody } from '../utils/errors';
import { PLUGIN_ID } from '../utils/plugin-id';

/**
 * Strapi's body parser (koa-body) answers 500 to a body that does not match its envelope: a
 * `Content-Encoding: gzip` body that is not gzip (zlib's error has no HTTP status), a multipart
 * body without a boundary or cut short (formidable's errors neither). That is true of every route,
 * Strapi's own included, and it happens before any route code runs. None of the plugin's routes
 * takes a file or a compressed body (the admin sends JSON, Meta sends a form), so for the plugin's
 * paths such requests are refused with 415 before the parser sees them.
 */
const refusal = (contentEncoding: string, contentType: string): string | null => {
  if (contentEncoding && contentEncoding !== 'identity') {
    return 'Compressed request bodies are not accepted: send the body without Content-Encoding.';
  }
  if (/^multipart\//.test(contentType)) {
    return 'This route takes no file uploads: send JSON (or a form for Meta’s callbacks), not multipart/form-data.';
  }
  return null;
};

const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Registered on the server before Strapi's own middlewares, so it runs ahead of the body parser. */
export const registerBodyGuard = (strapi: Core.Strapi) => {
  const apiPrefix = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '');
  const prefixes = [`/${PLUGIN_ID}/`, `${apiPrefix}/${PLUGIN_ID}/`];
  strapi.server.use(async (ctx: any, next: () => Promise<void>) => {
    // koa-body parses only these methods' bodies; the rest never reach the parser.
    if (!PARSED_METHODS.has(ctx.method) || !prefixes.some((prefix) => ctx.path.startsWith(prefix))) return next();
    const message = refusal(
      String(ctx.get('Content-Encoding') ?? '').trim().toLowerCase(),
      String(ctx.get('Content-Type') ?? '').trim().toLowerCase(),
    );
    if (!message) return next();
    ctx.status = 415;
    ctx.body = errorBody(415, ERROR_NAMES.unsupportedMediaType, message, {});
  });
};
