import { errors } from '@strapi/utils';
import { isInstagramApiError } from '../instagram';

/** Meta answered with an error or could not be reached: 502 for the editor, never a 500. */
export class UpstreamError extends errors.ApplicationError {
  readonly upstream = true;
}

/**
 * Turns a Graph failure into an HTTP error with the editor-readable message only (the
 * client already redacted it); anything else is rethrown untouched.
 */
export const toHttpError = (error: unknown): unknown => {
  if (!isInstagramApiError(error)) return error;
  return new UpstreamError(error.userMessage, {
    code: error.code ?? null,
    subcode: error.subcode ?? null,
    class: error.class,
  });
};

/** Koa middleware-style wrapper used by controllers: 502 with the readable reason. */
export const answerUpstreamError = (ctx: any, error: unknown) => {
  const mapped = toHttpError(error);
  if (!(mapped instanceof UpstreamError)) throw mapped;
  ctx.status = 502;
  ctx.body = { data: null, error: { status: 502, name: 'UpstreamError', message: mapped.message, details: mapped.details } };
};
