import type { Core } from '@strapi/strapi';
import { ERROR_NAMES } from '../contracts';
import { errorBody } from '../utils/errors';
import { PLUGIN_ID } from '../utils/plugin-id';

export const SIGN_IN_MESSAGE =
  'Sign in first: these routes act for a signed-in user. Send their Users & Permissions JWT as "Authorization: Bearer <jwt>".';

/**
 * A request to the end users' routes without credentials is answered 401 with what to send. Strapi
 * would treat it as the public role and answer a bare 403 "Forbidden", which reads as "not allowed"
 * when the front end only forgot (or lost) the user's JWT.
 */
export const registerEndUserSignIn = (strapi: Core.Strapi) => {
  const apiPrefix = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '');
  const prefix = `${apiPrefix}/${PLUGIN_ID}/me/`;
  strapi.server.use(async (ctx: any, next: () => Promise<void>) => {
    if (!ctx.path.startsWith(prefix) || ctx.get('Authorization')) return next();
    ctx.status = 401;
    ctx.body = errorBody(401, ERROR_NAMES.unauthorized, SIGN_IN_MESSAGE, {});
  });
};
