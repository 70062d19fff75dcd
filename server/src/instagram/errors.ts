/**
 * The one error type the Graph client throws, and the §3 classification of Meta's error codes.
 *
 * Classification is by code and subcode only: Meta's message text changes, is localised, and
 * `is_transient` is unreliable, so neither is ever consulted.
 */
import type { HeaderBag } from '../utils/headers';

/**
 * What the caller should do next:
 * - transient: retry with backoff (the client already did for safe calls)
 * - throttled: retry after `retryAfterMs` (or with backoff when Meta gave no hint)
 * - notReady: the container is still processing; keep polling, then publish
 * - newContainer: this container is unusable; build a new one (at most 1–2 times)
 * - defer: publishing quota reached; wait until the rolling 24 h window frees a slot
 * - reauth: token invalid or expired; mark the connection "reconnect needed"
 * - userAction: the account is checkpointed or restricted; the user must act in the Instagram app
 * - permission: a scope is missing; reconnect granting `requiredScopes`
 * - spam: flagged as spam and the post may have gone out; check before any retry
 * - invalid: media or parameters rejected; fix the input
 * - fatal: anything else; surface and stop
 */
export type InstagramErrorClass =
  | 'transient'
  | 'throttled'
  | 'notReady'
  | 'newContainer'
  | 'defer'
  | 'reauth'
  | 'userAction'
  | 'permission'
  | 'spam'
  | 'invalid'
  | 'fatal';

export interface InstagramApiErrorInit {
  message: string;
  class: InstagramErrorClass;
  userMessage: string;
  code?: number;
  subcode?: number;
  httpStatus?: number;
  retryAfterMs?: number;
  outcomeUnknown?: boolean;
  fbtraceId?: string;
  operation?: string;
  type?: string;
  requiredScopes?: readonly string[];
  attempts?: number;
}

/**
 * Holds only scalars that were chosen field by field: never a request, response, config or cause,
 * because those carry tokens. `message` and `userMessage` are redacted before they get here.
 */
export class InstagramApiError extends Error {
  override readonly name = 'InstagramApiError';
  readonly class: InstagramErrorClass;
  readonly code?: number;
  readonly subcode?: number;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  /** True when Meta may have carried out the call although we got no answer (timeout, 5xx, spam flag). */
  readonly outcomeUnknown: boolean;
  readonly fbtraceId?: string;
  /** Editor-readable explanation, safe to show in the admin. */
  readonly userMessage: string;
  /** Client method that failed, e.g. `publishContainer`. */
  readonly operation?: string;
  /** Meta's error type, e.g. `OAuthException` or `IGApiException`. */
  readonly type?: string;
  /** Scopes the failed call needs; set on permission errors so the admin can name them. */
  readonly requiredScopes?: readonly string[];
  /** How many HTTP attempts were made before giving up. */
  readonly attempts?: number;

  constructor(init: InstagramApiErrorInit) {
    super(init.message);
    this.class = init.class;
    this.userMessage = init.userMessage;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    if (init.code !== undefined) this.code = init.code;
    if (init.subcode !== undefined) this.subcode = init.subcode;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.fbtraceId !== undefined) this.fbtraceId = init.fbtraceId;
    if (init.operation !== undefined) this.operation = init.operation;
    if (init.type !== undefined) this.type = init.type;
    if (init.requiredScopes !== undefined) this.requiredScopes = [...init.requiredScopes];
    if (init.attempts !== undefined) this.attempts = init.attempts;
  }

  /** A copy with some fields replaced (e.g. the attempt count once retries are exhausted). */
  with(changes: Partial<InstagramApiErrorInit>): InstagramApiError {
    return new InstagramApiError({ ...this.toInit(), ...changes });
  }

  toJSON(): Omit<InstagramApiErrorInit, 'requiredScopes'> & { name: string; requiredScopes?: string[] } {
    const init = this.toInit();
    return { name: this.name, ...init, requiredScopes: init.requiredScopes ? [...init.requiredScopes] : undefined };
  }

  private toInit(): InstagramApiErrorInit {
    return {
      message: this.message,
      class: this.class,
      userMessage: this.userMessage,
      code: this.code,
      subcode: this.subcode,
      httpStatus: this.httpStatus,
      retryAfterMs: this.retryAfterMs,
      outcomeUnknown: this.outcomeUnknown,
      fbtraceId: this.fbtraceId,
      operation: this.operation,
      type: this.type,
      requiredScopes: this.requiredScopes,
      attempts: this.attempts,
    };
  }
}

export const isInstagramApiError = (value: unknown): value is InstagramApiError => value instanceof InstagramApiError;

export type { HeaderBag };

/**
 * How the call ended when there is no Graph error body:
 * - timeout / network: the request may have reached Meta (so a write's outcome is unknown)
 * - unreachable: the connection was never made (DNS failure, refused), so nothing was sent
 */
export type TransportFailure = 'timeout' | 'network' | 'unreachable';

export interface ClassifyInput {
  code?: number;
  subcode?: number;
  httpStatus?: number;
  headers?: HeaderBag;
  transport?: TransportFailure;
  /** For HTTP-date Retry-After values; defaults to Date.now(). */
  now?: number;
}

export interface Classification {
  class: InstagramErrorClass;
  retryAfterMs?: number;
  outcomeUnknown: boolean;
}

/** Specific (code, subcode) rows of §3; they win over the code-only rows. */
const BY_CODE_AND_SUBCODE: ReadonlyMap<string, InstagramErrorClass> = new Map<string, InstagramErrorClass>([
  ['-1/2207001', 'transient'],
  ['9007/2207027', 'notReady'],
  ['24/2207008', 'newContainer'],
  ['-2/2207003', 'newContainer'],
  ['-2/2207020', 'newContainer'],
  ['-1/2207032', 'newContainer'],
  ['-1/2207053', 'newContainer'],
  ['9004/2207052', 'newContainer'],
  ['9/2207042', 'defer'],
  ['190/459', 'userAction'],
  ['25/2207050', 'userAction'],
  ['4/2207051', 'spam'],
  ['36000/2207004', 'invalid'],
  ['36001/2207005', 'invalid'],
  ['36003/2207009', 'invalid'],
  ['36004/2207010', 'invalid'],
  ['100/2207028', 'invalid'],
  ['100/2207040', 'invalid'],
  ['110/2207018', 'invalid'],
  ['352/2207026', 'invalid'],
  ['1/2207057', 'invalid'],
]);

/** Code-only rows: a known code with an unlisted subcode still means the same family of failure. */
const BY_CODE: ReadonlyMap<number, InstagramErrorClass> = new Map<number, InstagramErrorClass>([
  [1, 'transient'],
  [2, 'transient'],
  [-1, 'transient'],
  [4, 'throttled'],
  [17, 'throttled'],
  [32, 'throttled'],
  [613, 'throttled'],
  [9007, 'notReady'],
  [-2, 'newContainer'],
  [9004, 'newContainer'],
  [9, 'defer'],
  [190, 'reauth'],
  [102, 'reauth'],
  [25, 'userAction'],
  [3, 'permission'],
  [10, 'permission'],
  [36000, 'invalid'],
  [36001, 'invalid'],
  [36003, 'invalid'],
  [36004, 'invalid'],
  [100, 'invalid'],
  [110, 'invalid'],
  [352, 'invalid'],
  // A temporary block is not fixable by retrying or reconnecting, so it is surfaced as a failure.
  [368, 'fatal'],
]);

const classOfCode = (code: number | undefined, subcode: number | undefined): InstagramErrorClass | undefined => {
  if (code === undefined) return undefined;
  if (subcode !== undefined) {
    const exact = BY_CODE_AND_SUBCODE.get(`${code}/${subcode}`);
    if (exact) return exact;
  }
  const byCode = BY_CODE.get(code);
  if (byCode) return byCode;
  if (code >= 200 && code <= 299) return 'permission';
  // 80000–80014 are Meta's business-use-case rate limits; 80002 is Instagram's, the others share headers and semantics.
  if (code >= 80000 && code <= 80014) return 'throttled';
  return undefined;
};

const classOfStatus = (httpStatus: number | undefined): InstagramErrorClass => {
  if (httpStatus === undefined) return 'fatal';
  if (httpStatus >= 500) return 'transient';
  if (httpStatus === 429) return 'throttled';
  return 'fatal';
};

/** Implements the §3 table. A known Graph code decides; the HTTP status only decides when there is none. */
export const classifyGraphError = (input: ClassifyInput): Classification => {
  const retryAfterMs = retryAfterFromHeaders(input.headers, input.now);
  if (input.transport) {
    return withHint({ class: 'transient', outcomeUnknown: input.transport !== 'unreachable' }, retryAfterMs);
  }
  const cls = classOfCode(input.code, input.subcode) ?? classOfStatus(input.httpStatus);
  // A transient failure may have happened after Meta acted; a spam flag may still have let the post out.
  const outcomeUnknown = cls === 'transient' || cls === 'spam';
  return withHint({ class: cls, outcomeUnknown }, retryAfterMs);
};

const withHint = (classification: Classification, retryAfterMs: number | undefined): Classification =>
  retryAfterMs === undefined ? classification : { ...classification, retryAfterMs };

/**
 * The longest wait any rate-limit header asks for, in ms: `Retry-After` (seconds or HTTP date) and
 * `estimated_time_to_regain_access` (minutes) inside `X-Business-Use-Case-Usage` / `X-App-Usage`.
 * Zero and unparseable hints count as no hint.
 */
export const retryAfterFromHeaders = (headers: HeaderBag | undefined, now: number = Date.now()): number | undefined => {
  if (!headers) return undefined;
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : String(value));
  }
  const hints: number[] = [];
  const retryAfter = lower.get('retry-after');
  if (retryAfter !== undefined) {
    const trimmed = retryAfter.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) hints.push(Number(trimmed) * 1000);
    else {
      const at = Date.parse(trimmed);
      if (!Number.isNaN(at)) hints.push(at - now);
    }
  }
  for (const header of ['x-business-use-case-usage', 'x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const raw = lower.get(header);
    if (raw === undefined) continue;
    for (const minutes of regainMinutes(raw)) hints.push(minutes * 60_000);
  }
  const positive = hints.filter((ms) => Number.isFinite(ms) && ms > 0);
  return positive.length > 0 ? Math.ceil(Math.max(...positive)) : undefined;
};

/** Every `estimated_time_to_regain_access` found anywhere in the header's JSON. */
const regainMinutes = (raw: string): number[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  const found: number[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 4 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'estimated_time_to_regain_access' && typeof value === 'number') found.push(value);
      else visit(value, depth + 1);
    }
  };
  visit(parsed, 0);
  return found;
};

/** Short editor-facing texts for the invalid-media rows, keyed by subcode. */
const INVALID_SUBCODE_MESSAGES: ReadonlyMap<number, string> = new Map([
  [2207004, 'The image is too large: Instagram accepts images up to 8 MiB.'],
  [2207005, 'The image format is not supported: Instagram accepts JPEG images only.'],
  [2207009, 'The image aspect ratio is not supported: it must be between 4:5 and 1.91:1.'],
  // Meta answers this subcode for every caption limit; the figures are Instagram's since December 2025.
  [2207010, 'Instagram refused the caption: it is too long or has too many hashtags or @mentions (at most 2,200 characters, 5 hashtags and 20 @mentions).'],
  [2207028, 'A carousel must contain between 2 and 10 images or videos.'],
  [2207040, 'Too many tags or mentions: at most 20 per post.'],
  [2207018, 'A tagged user or collaborator could not be used: check the usernames (no leading @, at most 3 collaborators).'],
  [2207026, 'The video format is not supported: use MP4 or MOV with H.264 or HEVC video and AAC audio.'],
  [2207057, 'The cover frame offset is outside the video: it must be between 0 and the video length, in milliseconds.'],
]);

const PUBLIC_URL_EXPLANATION =
  'Instagram could not download or process the media. Media URLs must be public HTTPS addresses that Meta\'s servers can fetch: not localhost, a private network address or a page behind a login.';

export interface UserMessageInput {
  class: InstagramErrorClass;
  code?: number;
  subcode?: number;
  retryAfterMs?: number;
  outcomeUnknown?: boolean;
  requiredScopes?: readonly string[];
  /** Meta's own `error_user_msg`, already redacted; used where it is more precise than ours. */
  metaUserMessage?: string;
  /** What the call was doing, to tailor the message (e.g. the OAuth code exchange). */
  intent?: 'authorize' | 'publish' | 'other';
}

/** The editor-readable text for a classified failure. */
export const userMessageFor = (input: UserMessageInput): string => {
  switch (input.class) {
    case 'transient':
      if (input.intent === 'publish' && input.outcomeUnknown) {
        return 'Instagram did not confirm whether the post went out. Its status will be checked before anything is retried.';
      }
      return 'Instagram is temporarily unavailable. Try again in a few minutes.';
    case 'throttled':
      return input.retryAfterMs !== undefined
        ? `Instagram is limiting requests for this account or app. Try again in about ${Math.max(1, Math.ceil(input.retryAfterMs / 60_000))} minute(s).`
        : 'Instagram is limiting requests for this account or app. Try again later.';
    case 'notReady':
      return 'Instagram is still processing the media.';
    case 'newContainer':
      if (input.code === 24 && input.subcode === 2207008) {
        return 'Instagram was busy preparing the media; it will be uploaded again.';
      }
      return PUBLIC_URL_EXPLANATION;
    case 'defer':
      return 'The account has reached Instagram\'s publishing limit for the last 24 hours. The post will go out when the limit frees up.';
    case 'reauth':
      return 'The Instagram connection has expired or was revoked. Reconnect the account.';
    case 'userAction':
      return 'Instagram has restricted or checkpointed this account. Open the Instagram app, complete what it asks, then try again.';
    case 'permission': {
      const scopes = input.requiredScopes ?? [];
      if (scopes.length === 1) return `The connection is missing the permission "${scopes[0]}". Reconnect the account and grant it.`;
      if (scopes.length > 1) {
        return `The connection is missing one of the permissions ${scopes.map((s) => `"${s}"`).join(', ')}. Reconnect the account and grant them.`;
      }
      return 'The connection is missing a permission this action needs. Reconnect the account and grant all requested permissions.';
    }
    case 'spam':
      return 'Instagram flagged this post as spam. It may have been published anyway: check the account before trying again.';
    case 'invalid': {
      const ours = input.subcode !== undefined ? INVALID_SUBCODE_MESSAGES.get(input.subcode) : undefined;
      if (ours) return ours;
      if (input.intent === 'authorize') return AUTHORIZE_FAILED;
      return input.metaUserMessage || 'Instagram rejected the post\'s media or settings.';
    }
    case 'fatal':
    default:
      if (input.code === 368) return 'Instagram has temporarily blocked this action for the account. Try again later.';
      if (input.intent === 'authorize') return AUTHORIZE_FAILED;
      return input.metaUserMessage || 'Instagram rejected the request.';
  }
};

const AUTHORIZE_FAILED =
  'The authorization was not accepted: it may have expired or been used already, or the redirect URL differs from the one registered for the app. Start the connection again.';
