import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { MAX_FILES_PER_POST } from '../publishing/user-post';
import type { EndUser } from '../services/end-users/oauth';
import { PluginHttpError } from '../utils/errors';
import type { MultipartLimits } from '../utils/multipart';
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

/** A 429 says how long to wait in `Retry-After` too, as HTTP clients and proxies read it. */
export const withRetryAfter = async <T>(ctx: RequestContext, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    const seconds = error instanceof PluginHttpError && error.status === 429 ? error.details.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') ctx.set('Retry-After', String(seconds));
    throw error;
  }
};

/**
 * What one multipart request may carry: up to 10 files of `endUsers.maxUploadBytes` each (checked
 * per file once read), and a few small text fields (the post's `data`).
 */
export const uploadLimits = (strapi: Core.Strapi): MultipartLimits => ({
  maxFileBytes: getPluginConfig(strapi).endUsers.maxUploadBytes * MAX_FILES_PER_POST,
  maxFields: 20,
  maxFieldsBytes: 256 * 1024,
});
