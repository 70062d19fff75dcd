import { errors } from '@strapi/utils';

export interface EndUserState {
  state?: {
    user?: { id?: unknown; blocked?: unknown } | null;
    auth?: { strategy?: { name?: string } };
  };
}

/** The Users & Permissions strategy's name: the only one that signs a request as an app user. */
export const USERS_PERMISSIONS_STRATEGY = 'users-permissions';

/**
 * The /me routes act for the signed-in user of a Users & Permissions JWT. Strapi's content-API auth
 * has already checked the JWT and the role's permission for the action; this refuses what it lets
 * through that has no user to act for: an API token (even full access) and the public role.
 */
export const isEndUser = (ctx: EndUserState): true => {
  const strategy = ctx.state?.auth?.strategy?.name;
  const user = ctx.state?.user;
  if (strategy !== USERS_PERMISSIONS_STRATEGY || !user || user.id === undefined || user.id === null) {
    throw new errors.PolicyError(
      'These routes act for a signed-in user: send the Users & Permissions JWT of that user (Authorization: Bearer <jwt>), not an API token.',
      { policy: 'is-end-user' }
    );
  }
  // Users & Permissions refuses blocked users at sign-in and on every JWT; checked again here so a
  // user blocked while their JWT lives is refused too, whatever the strategy's version does.
  if (user.blocked === true) {
    throw new errors.PolicyError('This account is blocked.', { policy: 'is-end-user' });
  }
  return true;
};
