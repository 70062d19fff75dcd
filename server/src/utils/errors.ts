import { errors } from '@strapi/utils';
import { ERROR_NAMES, type ErrorResponse, type FieldError, type RateLimitDetails } from '../contracts';
import { isInstagramApiError } from '../instagram';

/**
 * Every error the plugin answers, built here, in Strapi's shape
 * (`{ data: null, error: { status, name, message, details } }`, contracts/errors.ts).
 */

/** The body of an error answered outside Strapi's error middleware (a server middleware of ours). */
export const errorBody = <Details extends Record<string, unknown>>(status: number, name: string, message: string, details: Details): ErrorResponse<Details> => ({
  data: null,
  error: { status, name, message, details },
});

/**
 * An error Strapi's error middleware answers with its own status. Strapi's `errors` have no 409,
 * 415 or 502, and the middleware answers any error that is not an `ApplicationError` (always 400 or a
 * fixed few) or an `HttpError` with a 500: so these errors are `HttpError`s, through the very class the
 * middleware checks (http-errors' abstract base, which cannot be subclassed directly).
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
 * 400 with every failing field under `details.errors`. The message is the first problem: a sentence an
 * editor can read as it is (the field stays in `details`, where developers and the admin find it).
 */
export const invalid = (problems: FieldError[] | Array<Omit<FieldError, 'name'>>, message = problems[0]?.message ?? 'Invalid request') =>
  new errors.ValidationError(message, { errors: problems.map((problem) => ({ ...problem, name: ERROR_NAMES.validation })) });

/** 400 for one field. */
export const invalidField = (path: string | string[], message: string) => invalid([{ path: typeof path === 'string' ? [path] : path, message }]);

export const notFound = (message: string) => new errors.NotFoundError(message);

/**
 * 403 with a message that says what was refused. Strapi's router turns an `errors.ForbiddenError`
 * thrown from a controller into a bare "Forbidden" (it wraps controllers in its authorization step),
 * which would leave an editor guessing.
 */
export const forbidden = (message: string, details: Record<string, unknown> = {}) => new PluginHttpError(403, ERROR_NAMES.forbidden, message, details);

/** The request does not fit the current state of what it acts on (409). */
export const conflict = (message: string, details: Record<string, unknown> = {}, name: string = ERROR_NAMES.conflict) =>
  new PluginHttpError(409, name, message, details);

/**
 * 429: a per-user limit (`endUsers`) is reached. `retryAfterSeconds` also goes out as `Retry-After`
 * (see the end-user controllers), null when waiting does not help (disconnect an account first).
 */
export const tooManyRequests = (message: string, details: RateLimitDetails) => new PluginHttpError(429, ERROR_NAMES.rateLimit, message, { ...details });

/** 413: a file above `endUsers.maxUploadBytes`. */
export const payloadTooLarge = (message: string, details: Record<string, unknown> = {}) =>
  new PluginHttpError(413, ERROR_NAMES.payloadTooLarge, message, details);

/** 415: the body is not in a type the route reads. */
export const unsupportedMediaType = (message: string) => new PluginHttpError(415, ERROR_NAMES.unsupportedMediaType, message, {});

/**
 * Meta answered with an error or could not be reached: 502 with the editor-readable message only
 * (the client already redacted it). Anything that is not a Graph failure is returned untouched.
 */
export const upstreamError = (error: unknown): unknown =>
  isInstagramApiError(error)
    ? new PluginHttpError(502, ERROR_NAMES.upstream, error.userMessage, { code: error.code ?? null, subcode: error.subcode ?? null, class: error.class })
    : error;
