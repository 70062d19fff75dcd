import { z } from 'zod';

const configSchema = z.object({ actions: z.array(z.string().min(1)).min(1) });

export interface AbilityLike {
  can(action: string, subject?: unknown): boolean;
}

/**
 * Passes when the admin holds at least one of `config.actions`. Strapi's `admin::hasPermissions`
 * requires all of them, which is wrong for a screen several roles may open. The decision is the
 * admin's own permission engine (the CASL ability Strapi puts on `ctx.state.userAbility` for every
 * authenticated admin request), exactly as `admin::hasPermissions` asks it, one action at a time.
 * Without a session the admin auth strategy has already answered 401; returning false here is 403.
 */
export const hasAnyPermission = (ctx: { state?: { userAbility?: AbilityLike } }, config: unknown): boolean => {
  const { actions } = configSchema.parse(config);
  const ability = ctx.state?.userAbility;
  if (!ability) return false;
  return actions.some((action) => ability.can(action));
};
