/**
 * Reading the plugin's error answers (`{ data: null, error: { status, name, message, details } }`)
 * without naming a request field to an editor. Pure functions: the hooks give them the words.
 */

export interface ApiErrorBody {
  status?: number;
  name?: string;
  message?: string;
  details?: unknown;
}

export interface FieldError {
  path: string[];
  message: string;
}

/** The post a duplicate refusal (409 DuplicatePostError) names. */
export interface ExistingPost {
  id: string;
  /** `published`, or a post still on its way, or a failure that may have posted after all. */
  status: string | null;
  permalink: string | null;
  publishedAt: string | null;
  username: string | null;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The `error` of a fetch-client failure's answer, if it has one. */
export const apiErrorBody = (error: unknown): ApiErrorBody | null => {
  if (!isObject(error)) return null;
  const response = error.response;
  const data = isObject(response) ? response.data : undefined;
  const body = isObject(data) ? data.error : undefined;
  return isObject(body) ? (body as ApiErrorBody) : null;
};

/** `details.errors` of a ValidationError, each with its path and message. */
export const fieldErrors = (error: unknown): FieldError[] => {
  const details = apiErrorBody(error)?.details;
  const list = isObject(details) && Array.isArray(details.errors) ? details.errors : [];
  return list
    .filter(isObject)
    .filter((item) => typeof item.message === 'string')
    .map((item) => ({ path: Array.isArray(item.path) ? item.path.map(String) : [], message: item.message as string }));
};

/** The first field error about `field` (the last segment of its path), if any. */
export const fieldError = (error: unknown, field: string): FieldError | undefined =>
  fieldErrors(error).find((item) => item.path[item.path.length - 1] === field);

/** Older server messages read "Invalid body: connectionId: …": the part an editor can read. */
export const withoutFieldPrefix = (message: string): string =>
  message.replace(/^Invalid (?:body|query|params)(?:: (?:[\w.:-]+|\(root\)))?: /, '');

const capitalize = (text: string) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);

/**
 * One readable message for an error answer: each failing field named by its label (never by
 * its request name), unknown fields by their message alone. `null` when the error is not an
 * answer of the server (a network failure...), so the caller can fall back to Strapi's wording.
 */
export const describeApiError = (error: unknown, labelOf: (path: string[]) => string | null): string | null => {
  const body = apiErrorBody(error);
  if (!body) return null;
  const fields = fieldErrors(error);
  if (body.name === 'ValidationError' && fields.length > 0) {
    const lines = fields.map((item) => {
      const text = capitalize(withoutFieldPrefix(item.message));
      const label = labelOf(item.path);
      return label ? `${label}: ${text}` : text;
    });
    return [...new Set(lines)].join('\n');
  }
  return typeof body.message === 'string' && body.message ? withoutFieldPrefix(body.message) : null;
};

/** The existing post of a 409 DuplicatePostError, or null for any other error. */
export const duplicateOf = (error: unknown): ExistingPost | null => {
  const body = apiErrorBody(error);
  if (!body || body.name !== 'DuplicatePostError') return null;
  const existing = isObject(body.details) ? body.details.existing : undefined;
  if (!isObject(existing)) return null;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
  return {
    id: String(existing.id ?? ''),
    status: text(existing.status),
    permalink: text(existing.permalink),
    publishedAt: text(existing.publishedAt),
    username: text(existing.username),
  };
};
