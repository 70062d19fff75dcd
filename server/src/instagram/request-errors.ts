/**
 * The InstagramApiErrors the transport builds: from a Graph error body, from a failed connection,
 * from a 2xx it cannot read, from its own bug or a missing setting. Every text is redacted here,
 * and no request, response or cause is kept (they carry tokens).
 */
import { redact } from '../utils/redact';
import type { HeaderBag } from '../utils/headers';
import { InstagramApiError, classifyGraphError, userMessageFor, type TransportFailure, type UserMessageInput } from './errors';
import { graphErrorBodySchema } from './schemas';

/** What the call was doing, to tailor the editor's message (e.g. the OAuth code exchange). */
export type Intent = NonNullable<UserMessageInput['intent']>;

/** What an error needs to know about the call that failed. */
export interface FailedCall {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Scopes the call needs, named in a permission error. */
  requiredScopes?: readonly string[];
  intent?: Intent;
}

const UNKNOWN_OUTCOME_NOTE = '; the call may have taken effect: check before repeating it';

/** Meta answered with an error (or a non-2xx without one): classified by code, never by text. */
export const graphError = (call: FailedCall, httpStatus: number, body: unknown, headers: HeaderBag, secrets: string[]): InstagramApiError => {
  const parsedBody = graphErrorBodySchema.safeParse(body);
  const info = parsedBody.success ? parsedBody.data : undefined;
  const classification = classifyGraphError({ code: info?.code, subcode: info?.subcode, httpStatus, headers });
  const metaMessage = info?.message ? redact(info.message, secrets) : 'no Graph error body';
  const metaUserMessage = info?.userMessage ? redact(info.userMessage, secrets) : undefined;
  const details = [
    info?.code !== undefined ? `code ${info.code}` : undefined,
    info?.subcode !== undefined ? `subcode ${info.subcode}` : undefined,
    `HTTP ${httpStatus}`,
    info?.fbtraceId ? `fbtrace_id ${info.fbtraceId}` : undefined,
  ].filter(Boolean);
  // A failed read changes nothing at Meta, so only writes can have an unknown outcome.
  const outcomeUnknown = classification.outcomeUnknown && call.method !== 'GET';
  return new InstagramApiError({
    message: redact(`Instagram API ${call.operation} failed: ${metaMessage} (${details.join(', ')})${outcomeUnknown ? UNKNOWN_OUTCOME_NOTE : ''}`, secrets),
    class: classification.class,
    userMessage: userMessageFor({
      class: classification.class,
      code: info?.code,
      subcode: info?.subcode,
      retryAfterMs: classification.retryAfterMs,
      outcomeUnknown: classification.outcomeUnknown,
      requiredScopes: call.requiredScopes,
      metaUserMessage,
      intent: call.intent,
    }),
    code: info?.code,
    subcode: info?.subcode,
    httpStatus,
    retryAfterMs: classification.retryAfterMs,
    outcomeUnknown,
    fbtraceId: info?.fbtraceId ? redact(info.fbtraceId, secrets) : undefined,
    operation: call.operation,
    type: info?.type ? redact(info.type, secrets) : undefined,
    requiredScopes: classification.class === 'permission' ? call.requiredScopes : undefined,
  });
};

/** No answer at all: a timeout, a dropped or a refused connection. */
export const transportError = (call: FailedCall, kind: TransportFailure, error: unknown, timeoutMs: number, secrets: string[]): InstagramApiError => {
  const classification = classifyGraphError({ transport: kind });
  const outcomeUnknown = classification.outcomeUnknown && call.method !== 'GET';
  const what =
    kind === 'timeout' ? `no answer within ${timeoutMs} ms` : `${kind === 'unreachable' ? 'could not connect' : 'connection failed'} (${errorCode(error)})`;
  const note = outcomeUnknown ? `${UNKNOWN_OUTCOME_NOTE} (for a publish, read the container status_code)` : '';
  return new InstagramApiError({
    message: redact(`Instagram API ${call.operation} failed: ${what}${note}`, secrets),
    class: classification.class,
    userMessage: userMessageFor({ class: classification.class, outcomeUnknown, intent: call.intent }),
    outcomeUnknown,
    operation: call.operation,
  });
};

/** A 2xx that is not JSON or not the expected shape: retrying cannot change Meta's answer. */
export const invalidResponseError = (call: FailedCall, httpStatus: number, why: string, secrets: string[]): InstagramApiError =>
  new InstagramApiError({
    message: redact(`Instagram API ${call.operation}: Meta answered HTTP ${httpStatus} with ${why}`, secrets),
    class: 'fatal',
    userMessage: 'Instagram answered in an unexpected way. Try again later; if it keeps happening, report it.',
    httpStatus,
    // Meta accepted a write it then described oddly: it may well have happened.
    outcomeUnknown: call.method !== 'GET',
    operation: call.operation,
  });

export const configError = (operation: string, what: string): InstagramApiError =>
  new InstagramApiError({
    message: `Instagram API ${operation}: ${what}`,
    class: 'fatal',
    userMessage: 'The Instagram publisher plugin is not fully configured. Ask an administrator to check its settings.',
    operation,
  });

/** A bug or an unexpected failure inside the client: still never let the raw error (and its config) escape. */
export const internalError = (operation: string, error: unknown, secrets: string[]): InstagramApiError =>
  new InstagramApiError({
    message: redact(`Instagram API ${operation}: unexpected client failure: ${error instanceof Error ? error.message : String(error)}`, secrets),
    class: 'fatal',
    userMessage: 'Something went wrong while talking to Instagram.',
    operation,
  });

/** A connection that was never made sent nothing, so its outcome is known. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const errorCode = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'unknown';
};

export const transportKind = (error: unknown): TransportFailure => {
  const code = errorCode(error);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return 'timeout';
  return NEVER_SENT_CODES.has(code) ? 'unreachable' : 'network';
};
