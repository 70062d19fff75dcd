import { errors } from '@strapi/utils';
import { getPluginConfig } from '../config/resolve';
import type { Core } from '@strapi/strapi';
import { MAX_FILES_PER_POST } from '../publishing/user-post';
import { PluginHttpError } from '../utils/errors';
import type { MultipartLimits } from '../utils/multipart';
import type { RequestContext } from './context';

/** The Users & Permissions user a /me route acts for (its policy has already refused anyone else). */
export const endUserIdOf = (ctx: RequestContext): string => {
  const id = ctx.state.user?.id;
  if (id === undefined || id === null) throw new errors.UnauthorizedError('Sign in first: send the Users & Permissions JWT of the user.');
  return String(id);
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
