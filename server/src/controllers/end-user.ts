import { errors } from '@strapi/utils';
import type { EndUser } from '../services/end-users/oauth';
import type { RequestContext } from './context';

/**
 * The Users & Permissions user a /me route acts for. The `is-end-user` policy has already refused
 * requests without one (API tokens, the public role, blocked users); this only narrows the type.
 */
export const endUserOf = (ctx: RequestContext): EndUser & { id: string } => {
  const user = ctx.state.user as (EndUser & { username?: string | null }) | undefined;
  if (!user || user.id === undefined || user.id === null) throw new errors.UnauthorizedError('Sign in first: send the user’s JWT.');
  return { id: String(user.id), username: user.username ?? null, email: user.email ?? null };
};
