import { randomBytes } from 'node:crypto';
import type { SandboxFaultError } from './types';

/** A Graph-shaped failure thrown by route handlers and turned into a response by the server. */
export class GraphError extends Error {
  readonly httpStatus: number;
  readonly code: number;
  readonly subcode?: number;
  readonly type: string;
  readonly isTransient: boolean;
  readonly userTitle?: string;
  readonly userMsg?: string;
  readonly headers?: Record<string, string>;

  constructor(init: {
    code: number;
    message: string;
    subcode?: number;
    httpStatus?: number;
    type?: string;
    isTransient?: boolean;
    userTitle?: string;
    userMsg?: string;
    headers?: Record<string, string>;
  }) {
    super(init.message);
    this.name = 'GraphError';
    this.code = init.code;
    this.subcode = init.subcode;
    this.httpStatus = init.httpStatus ?? defaultHttpStatus(init.code);
    this.type = init.type ?? 'OAuthException';
    this.isTransient = init.isTransient ?? defaultTransient(init.code);
    this.userTitle = init.userTitle;
    this.userMsg = init.userMsg;
    this.headers = init.headers;
  }

  toBody(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { message: this.message, type: this.type, code: this.code };
    if (this.subcode !== undefined) error.error_subcode = this.subcode;
    error.is_transient = this.isTransient;
    if (this.userTitle) error.error_user_title = this.userTitle;
    if (this.userMsg) error.error_user_msg = this.userMsg;
    error.fbtrace_id = fbtraceId();
    return { error };
  }
}

/** api.instagram.com still answers the pre-Graph shape. */
export class OldShapeError extends Error {
  readonly httpStatus = 400;
  constructor(message: string) {
    super(message);
    this.name = 'OldShapeError';
  }
  toBody() {
    return { error_type: 'OAuthException', code: 400, error_message: this.message };
  }
}

/** Authorize pages fail with an HTML page, as Meta's dialogs do. */
export class HtmlError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = 'HtmlError';
  }
}

/**
 * Meta's own table answers 400 for nearly everything, including -1/-2 media errors;
 * code 1/2 outages arrive as 5xx, permission errors as 403.
 */
export function defaultHttpStatus(code: number): number {
  if (code === 1 || code === 2) return 500;
  if (code === 10 || code === 3 || (code >= 200 && code <= 299)) return 403;
  return 400;
}

function defaultTransient(code: number): boolean {
  return code === 1 || code === 2 || code === 4 || code === 17 || code === 32 || code === 613 || code === 80002;
}

export function fbtraceId(): string {
  return randomBytes(9).toString('base64url');
}

export function graphErrorFromFault(f: SandboxFaultError): GraphError {
  return new GraphError({
    code: f.code,
    subcode: f.subcode,
    message: f.message ?? defaultFaultMessage(f.code, f.subcode),
    httpStatus: f.httpStatus,
    type: f.type,
    isTransient: f.isTransient,
    userTitle: f.userTitle,
    userMsg: f.userMsg,
    headers: f.headers,
  });
}

const SUBCODE_MESSAGES: Record<number, string> = {
  2207001: 'Instagram server error. Try again.',
  2207003: 'It takes too long to download the media.',
  2207004: 'The image is too large to download. It should be less than 8 MiB.',
  2207005: 'The image format is not supported. Supported formats are: JPEG',
  2207008: 'The media builder with this creation id does not exist or has expired.',
  2207009: 'The submitted image aspect ratio cannot be published. Submit an image with an aspect ratio between 4:5 and 1.91:1.',
  2207010: 'The caption is too long: at most 2,200 characters, 5 hashtags and 20 @ tags.',
  2207018: 'The collaborator could not be found.',
  2207020: 'The media you are trying to access has expired. Please try to upload again.',
  2207026: 'The video format is not supported. Please check spec for supported video format.',
  2207027: 'Media ID is not available',
  2207028: "Your post won't be shared as a carousel. Carousels need at least 2 photos/videos and no more than 10 photos/videos.",
  2207032: 'Create media fail, please try to re-create media',
  2207040: 'Cannot use more than 20 tags per created media.',
  2207042: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
  2207050: "The app user's Instagram Professional account is inactive, checkpointed, or restricted.",
  2207051: 'We restrict certain activity to protect our community. Tell us if you think we made a mistake.',
  2207052: 'The media could not be fetched from this URI.',
  2207053: 'unknown upload error',
  2207057: 'Thumbnail offset must be greater than or equal to 0 and less than video duration.',
};

const CODE_MESSAGES: Record<number, string> = {
  1: 'An unknown error has occurred.',
  2: 'An unexpected error has occurred. Please retry your request later.',
  4: '(#4) Application request limit reached',
  10: '(#10) Application does not have permission for this action',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  190: 'Invalid OAuth access token - Cannot parse access token',
  368: 'The action attempted has been deemed abusive or is otherwise disallowed',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80002: '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.',
};

export function subcodeMessage(subcode: number): string {
  return SUBCODE_MESSAGES[subcode] ?? `Media upload has failed with error code ${subcode}`;
}

export function defaultFaultMessage(code: number, subcode?: number): string {
  if (subcode !== undefined && SUBCODE_MESSAGES[subcode]) return SUBCODE_MESSAGES[subcode];
  if (code === 190 && subcode !== undefined) return tokenErrorMessage(subcode);
  return CODE_MESSAGES[code] ?? `(#${code}) Sandbox injected error`;
}

/** Messages Meta uses for 190 with each subcode. */
export function tokenErrorMessage(subcode: number | undefined, detail?: string): string {
  switch (subcode) {
    case 458:
      return `Error validating access token: The user has not authorized application ${detail ?? ''}.`.replace(' .', '.');
    case 459:
      return 'Error validating access token: You cannot access the app till you log in to www.instagram.com and follow the instructions given.';
    case 460:
      return 'Error validating access token: The session has been invalidated because the user changed their password or Meta has changed the session for security reasons.';
    case 463:
      return `Error validating access token: Session has expired${detail ? ` on ${detail}` : ''}.`;
    case 464:
      return 'Error validating access token: The user is not a confirmed user.';
    case 467:
      return 'Error validating access token: The session is invalid because the user logged out.';
    case 492:
      return 'Error validating access token: The session is invalid because the user no longer has a role on the Page.';
    default:
      return 'Invalid OAuth access token - Cannot parse access token';
  }
}

export const err = {
  tokenInvalid(subcode?: number, detail?: string): GraphError {
    return new GraphError({ code: 190, subcode, message: tokenErrorMessage(subcode, detail), httpStatus: 400 });
  },
  param(message: string, subcode?: number, extra?: { userTitle?: string; userMsg?: string }): GraphError {
    return new GraphError({ code: 100, subcode, message: message.startsWith('(#') ? message : `(#100) ${message}`, ...extra });
  },
  unsupported(method: string, id: string): GraphError {
    return new GraphError({
      code: 100,
      subcode: 33,
      message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: 'GraphMethodException',
    });
  },
  unknownPath(components: string): GraphError {
    return new GraphError({ code: 2500, message: `Unknown path components: ${components}` });
  },
  nonexistingField(field: string, nodeType: string): GraphError {
    return new GraphError({ code: 100, message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})` });
  },
  permission(missing: string, what: string): GraphError {
    return new GraphError({
      code: 10,
      message: `(#10) Application does not have permission for this action: ${missing} is required to ${what}`,
      userTitle: 'Missing permission',
      userMsg: `The ${missing} permission was not granted.`,
    });
  },
  media(code: number, subcode: number, message?: string, userTitle?: string): GraphError {
    return new GraphError({ code, subcode, message: message ?? subcodeMessage(subcode), userTitle, userMsg: subcodeMessage(subcode) });
  },
};
