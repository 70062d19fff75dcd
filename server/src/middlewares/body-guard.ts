import type { Core } from '@strapi/strapi';
import { ERROR_NAMES } from '../contracts';
import { errorBody } from '../utils/errors';
import { deferMultipart } from '../utils/multipart';
import { PLUGIN_ID } from '../utils/plugin-id';

/**
 * Strapi's body parser (koa-body) answers 500 to a body that does not match its envelope: a
 * `Content-Encoding: gzip` body that is not gzip (zlib's error has no HTTP status), a multipart
 * body without a boundary or cut short (formidable's errors neither). That is true of every route,
 * Strapi's own included, and it happens before any route code runs. So on the plugin's paths:
 * - a compressed body is refused with 415 (the admin and Meta send none);
 * - a multipart body is refused with 415, except on the end users' two upload routes, where it is
 *   kept from Strapi's parser and read by the route itself once the user is known (utils/multipart.ts).
 */
const COMPRESSED = 'Compressed request bodies are not accepted: send the body without Content-Encoding.';
const NO_UPLOADS = 'This route takes no file uploads: send JSON (or a form for Meta’s callbacks), not multipart/form-data.';

/** The routes that take files: `POST /me/files` and `POST /me/publications` (routes/content-api/end-users.ts). */
const UPLOAD_ROUTES = ['/me/files', '/me/publications'];

const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Registered on the server before Strapi's own middlewares, so it runs ahead of the body parser. */
export const registerBodyGuard = (strapi: Core.Strapi) => {
  const apiPrefix = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '');
  // Strapi's router matches paths case-insensitively, with or without a trailing slash: so does this.
  const prefixes = [`/${PLUGIN_ID}/`, `${apiPrefix}/${PLUGIN_ID}/`].map((prefix) => prefix.toLowerCase());
  const uploadPaths = new Set(UPLOAD_ROUTES.map((route) => `${apiPrefix}/${PLUGIN_ID}${route}`.toLowerCase()));
  strapi.server.use(async (ctx: any, next: () => Promise<void>) => {
    // koa-body parses only these methods' bodies; the rest never reach the parser.
    if (!PARSED_METHODS.has(ctx.method)) return next();
    const path = String(ctx.path).toLowerCase();
    if (!prefixes.some((prefix) => path.startsWith(prefix))) return next();
    const refuse = (message: string) => {
      ctx.status = 415;
      ctx.body = errorBody(415, ERROR_NAMES.unsupportedMediaType, message, {});
    };
    const contentEncoding = String(ctx.get('Content-Encoding') ?? '').trim().toLowerCase();
    if (contentEncoding && contentEncoding !== 'identity') return refuse(COMPRESSED);
    const contentType = String(ctx.get('Content-Type') ?? '').trim();
    if (!/^multipart\//i.test(contentType)) return next();
    if (ctx.method === 'POST' && uploadPaths.has(path.replace(/\/+$/, ''))) {
      deferMultipart(ctx, contentType);
      return next();
    }
    return refuse(NO_UPLOADS);
  });
};
