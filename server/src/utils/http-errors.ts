import { errors } from '@strapi/utils';
import { isInstagramApiError } from '../instagram';

/**
 * An error Strapi's error middleware answers with its own status, in Strapi's error shape
 * (`{ data: null, error: { status, name, message, details } }`), like the 400s, 403s and 404s of
 * `errors.*`. Strapi's `errors` have no 409 or 502, and the middleware answers any error that is not
 * an `ApplicationError` (always 400 or a fixed few) or an `HttpError` with a 500: so these errors
 * are `HttpError`s, through the very class the middleware checks (http-errors' abstract base,
 * which cannot be subclassed directly).
 */
export class PluginHttpError extends Error {
  readonly expose = true;

  constructor(
    readonly status: number,
    name: string,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = name;
  }
}
Object.setPrototypeOf(PluginHttpError.prototype, (errors.HttpError as unknown as { prototype: object }).prototype);

/**
 * 403 with a message that says what was refused. Strapi's router turns an `errors.ForbiddenError`
 * thrown from a controller into a bare "Forbidden" (it wraps controllers in its authorization step),
 * which would leave an editor guessing.
 */
export const forbidden = (message: string, details: Record<string, unknown> = {}) => new PluginHttpError(403, 'ForbiddenError', message, details);

/** The request does not fit the current state of what it acts on (409). */
export const conflict = (message: string, details: Record<string, unknown> = {}, name = 'ConflictError') =>
  new PluginHttpError(409, name, message, details);

/**
 * Meta answered with an error or could not be reached: 502 with the editor-readable message only
 * (the client already redacted it). Anything that is not a Graph failure is returned untouched.
 */
export const upstreamError = (error: unknown): unknown =>
  isInstagramApiError(error)
    ? new PluginHttpError(502, 'UpstreamError', error.userMessage, { code: error.code ?? null, subcode: error.subcode ?? null, class: error.class })
    : error;
