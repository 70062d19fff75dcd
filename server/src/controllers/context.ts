import { errors } from '@strapi/utils';
import type { ParameterizedContext, Request } from 'koa';

/** Who a request comes from, as Strapi's auth strategies leave it on `ctx.state`. */
export interface RequestState {
  /** The admin (admin routes) or the Users & Permissions user (content API). */
  user?: { id: string | number; firstname?: string | null; lastname?: string | null; email?: string | null };
  /** The admin's CASL ability (admin routes): what the Content Manager checks. */
  userAbility?: unknown;
  auth?: { strategy?: { name?: string }; credentials?: unknown };
}

/**
 * The Koa context the plugin's controllers receive: Strapi's router adds `params`, its body parser
 * `request.body`. Every input is `unknown` until a zod schema has read it (`parseInput`).
 */
export type RequestContext = ParameterizedContext<RequestState> & {
  params: Record<string, string | undefined>;
  request: Request & { body?: unknown };
};

/** The signed-in admin of an admin route (its policy has already refused anyone else). */
export const adminOf = (ctx: RequestContext) => {
  const user = ctx.state.user;
  if (!user) throw new errors.UnauthorizedError('Sign in to the admin panel first.');
  return user;
};
