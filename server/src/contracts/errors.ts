/**
 * The shape of every error the plugin's routes answer (Strapi's own), and the names the admin
 * reacts to.
 */
export interface ApiError<Details = Record<string, unknown>> {
  status: number;
  name: string;
  message: string;
  details: Details;
}

export interface ErrorResponse<Details = Record<string, unknown>> {
  data: null;
  error: ApiError<Details>;
}

/** One failing field of a 400 (`details.errors`): its path in the request, and why. */
export interface FieldError {
  path: string[];
  message: string;
  name: 'ValidationError';
  /** Template syntax errors: where in the template. */
  position?: { index: number; line: number; column: number };
}

export const ERROR_NAMES = {
  validation: 'ValidationError',
  forbidden: 'ForbiddenError',
  notFound: 'NotFoundError',
  conflict: 'ConflictError',
  duplicatePost: 'DuplicatePostError',
  upstream: 'UpstreamError',
  unsupportedMediaType: 'UnsupportedMediaTypeError',
  unauthorized: 'UnauthorizedError',
  rateLimit: 'RateLimitError',
  payloadTooLarge: 'PayloadTooLargeError',
} as const;
export type ErrorName = (typeof ERROR_NAMES)[keyof typeof ERROR_NAMES];
