/**
 * The plugin's one Graph API client, for both login products (Instagram Login on graph.instagram.com,
 * Facebook Login on graph.facebook.com).
 *
 * Retry rule: the client retries on its own only calls that are safe to repeat, i.e. reads (GET)
 * that do not consume a single-use credential, and only for the `transient` and `throttled`
 * classes. Never retried here:
 *  - createContainer: a retried create can leave a second container (and spends the 400/24 h budget);
 *  - publishContainer: a retry can publish twice; after a timeout or 5xx the caller must read the
 *    container's status_code (PUBLISHED means done), which the error's `outcomeUnknown` signals;
 *  - createComment: a retry can comment twice;
 *  - the OAuth code exchanges: codes are single use, so a retry can only fail;
 *  - revokeFacebookPermissions: a revoke that succeeded invalidates the token, so its retry fails.
 * Rate-limit hints are honoured up to `retry.maxDelayMs`; a longer hint is not slept on but
 * surfaced as `retryAfterMs` for the caller to schedule.
 *
 * A 2xx response that does not match its schema is an InstagramApiError of class `fatal` (retrying
 * cannot change Meta's answer), with `outcomeUnknown: true` for writes since Meta did act.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { redact } from '../utils/redact';
import { DEFAULT_GRAPH_API_VERSION, GRAPH_API_VERSION_PATTERN, resolveEndpoints, type GraphEndpoints } from './endpoints';
import {
  InstagramApiError,
  classifyGraphError,
  userMessageFor,
  type HeaderBag,
  type InstagramErrorClass,
  type TransportFailure,
} from './errors';
import { parseJsonKeepingBigInts } from './json';
import {
  containerStatusSchema,
  debugTokenSchema,
  expiringTokenSchema,
  facebookInstagramProfileSchema,
  facebookLongLivedTokenSchema,
  facebookPagesPageSchema,
  facebookPermissionsSchema,
  graphErrorBodySchema,
  idResponseSchema,
  instagramCodeExchangeSchema,
  instagramProfileSchema,
  mediaListSchema,
  mediaSchema,
  publishingLimitSchema,
  successResponseSchema,
  type ContainerStatus,
  type DebugTokenResult,
  type ExpiringToken,
  type FacebookLongLivedToken,
  type FacebookPage,
  type FacebookPermissions,
  type InstagramCodeExchange,
  type Media,
  type Profile,
  type PublishingLimit,
} from './schemas';

export interface AppCredentials {
  appId: string;
  appSecret: string;
}

export interface RetryPolicy {
  /** Extra attempts after the first one. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface GraphLogger {
  debug(msg: string): void;
  warn(msg: string): void;
}

export interface GraphClientOptions {
  endpoints: GraphEndpoints;
  graphApiVersion: string;
  instagramApp?: AppCredentials;
  facebookApp?: AppCredentials;
  /** Per HTTP attempt. Default 15000. */
  timeoutMs?: number;
  /** Default { retries: 3, baseDelayMs: 500, maxDelayMs: 30000 }. */
  retry?: RetryPolicy;
  /** Injectable so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); injectable so tests can pin delays. */
  random?: () => number;
  /** Receives only redacted text. */
  logger?: GraphLogger;
  /** Keep-alive agents are created when not given, so bulk token refreshes reuse sockets. */
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
}

export type Account = { host: 'instagram' | 'facebook'; igUserId: string; accessToken: string };

export type ContainerMediaType = 'IMAGE' | 'VIDEO' | 'CAROUSEL' | 'REELS' | 'STORIES';

/** Fields of `POST /{ig-user-id}/media` (instagram-api.md §2); which apply depends on the post kind. */
export interface ContainerParams {
  imageUrl?: string;
  videoUrl?: string;
  /** Omit for a single image; VIDEO only for a carousel child (single videos are REELS). */
  mediaType?: ContainerMediaType;
  isCarouselItem?: boolean;
  /** Carousel children container ids, 2 to 10. */
  children?: string[];
  caption?: string;
  altText?: string;
  locationId?: string;
  /** x and y in 0..1; omitted for reels. */
  userTags?: Array<{ username: string; x?: number; y?: number }>;
  /** Up to 3 usernames. */
  collaborators?: string[];
  shareToFeed?: boolean;
  coverUrl?: string;
  /** Milliseconds into the video. */
  thumbOffset?: number;
}

export interface AuthorizeUrlParams {
  redirectUri: string;
  scopes: readonly string[];
  state: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };
/** /me/accounts is followed at most this many pages, so a looping or hostile `next` cannot spin forever. */
const MAX_PAGES_OF_RESULTS = 50;
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const RETRYABLE_CLASSES: ReadonlySet<InstagramErrorClass> = new Set(['transient', 'throttled']);

const INSTAGRAM_PROFILE_FIELDS =
  'user_id,username,name,account_type,profile_picture_url,followers_count,follows_count,media_count,biography,website';
const FACEBOOK_PROFILE_FIELDS = 'username,name,profile_picture_url,followers_count,follows_count,media_count,biography,website';
const MEDIA_FIELDS = 'id,permalink,shortcode,timestamp,media_type,media_product_type';
const RECENT_MEDIA_FIELDS = `${MEDIA_FIELDS},caption`;

/** Scopes each call needs, so a permission error can name the missing one. */
const SCOPES = {
  instagram: {
    profile: ['instagram_business_basic'],
    publish: ['instagram_business_content_publish'],
    comment: ['instagram_business_manage_comments'],
  },
  facebook: {
    profile: ['instagram_basic', 'pages_read_engagement'],
    publish: ['instagram_content_publish'],
    comment: ['instagram_manage_comments'],
    pages: ['pages_show_list'],
  },
} as const;

type HostKey = 'instagramApi' | 'instagramGraph' | 'facebookGraph';
type Intent = 'authorize' | 'publish' | 'other';

interface RequestSpec<S extends z.ZodType> {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  host: HostKey;
  /** Appended to the host base (and version); ignored when `absoluteUrl` is set. */
  path?: string;
  /** Meta's token endpoints on graph.instagram.com are unversioned. */
  versioned?: boolean;
  /** Already-validated URL from Meta (pagination). */
  absoluteUrl?: URL;
  query?: Record<string, string | undefined>;
  form?: Record<string, string | undefined>;
  /** Sent as `Authorization: Bearer`; on facebookGraph it also gets an appsecret_proof. */
  bearer?: string;
  /** See the retry rule at the top of this file. */
  retryable: boolean;
  schema: S;
  requiredScopes?: readonly string[];
  intent?: Intent;
  /** Credentials placed in the query or body, scrubbed from every log line and message. */
  secrets?: Array<string | undefined>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const encodeId = (id: string): string => encodeURIComponent(id);

const stripAt = (username: string): string => username.trim().replace(/^@+/, '');

/** Meta wants children as a comma list, user_tags and collaborators as JSON. */
export const serializeContainerParams = (params: ContainerParams): Record<string, string> => {
  const form: Record<string, string> = {};
  if (params.imageUrl !== undefined) form.image_url = params.imageUrl;
  if (params.videoUrl !== undefined) form.video_url = params.videoUrl;
  if (params.mediaType !== undefined) form.media_type = params.mediaType;
  if (params.isCarouselItem) form.is_carousel_item = 'true';
  if (params.children && params.children.length > 0) form.children = params.children.join(',');
  if (params.caption !== undefined) form.caption = params.caption;
  if (params.altText !== undefined) form.alt_text = params.altText;
  if (params.locationId !== undefined) form.location_id = params.locationId;
  if (params.userTags && params.userTags.length > 0) {
    form.user_tags = JSON.stringify(
      params.userTags.map((tag) => ({
        username: stripAt(tag.username),
        ...(tag.x !== undefined ? { x: tag.x } : {}),
        ...(tag.y !== undefined ? { y: tag.y } : {}),
      })),
    );
  }
  if (params.collaborators && params.collaborators.length > 0) {
    form.collaborators = JSON.stringify(params.collaborators.map(stripAt));
  }
  if (params.shareToFeed !== undefined) form.share_to_feed = String(params.shareToFeed);
  if (params.coverUrl !== undefined) form.cover_url = params.coverUrl;
  if (params.thumbOffset !== undefined) form.thumb_offset = String(Math.round(params.thumbOffset));
  return form;
};

/** Creates the Graph client; it holds no state beyond its options and its HTTP agents. */
export function createGraphClient(options: GraphClientOptions) {
  if (!GRAPH_API_VERSION_PATTERN.test(options.graphApiVersion)) {
    throw configError('createGraphClient', `graphApiVersion must look like ${DEFAULT_GRAPH_API_VERSION}, got "${options.graphApiVersion}"`);
  }
  const endpoints = resolveEndpoints(options.endpoints);
  const version = options.graphApiVersion;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const logger = options.logger;
  const ownsHttpAgent = !options.httpAgent;
  const ownsHttpsAgent = !options.httpsAgent;
  const httpAgent = options.httpAgent ?? new http.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo' });
  const httpsAgent = options.httpsAgent ?? new https.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo' });
  const appSecrets = [options.instagramApp?.appSecret, options.facebookApp?.appSecret];

  const transport = axios.create({
    httpAgent,
    httpsAgent,
    // Graph API calls never legitimately redirect, and following one could carry the token elsewhere.
    maxRedirects: 0,
    maxContentLength: MAX_RESPONSE_BYTES,
    maxBodyLength: MAX_RESPONSE_BYTES,
    responseType: 'text',
    // Raw text, so big integer ids can be parsed exactly (see json.ts).
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
  });

  const requireApp = (which: 'instagram' | 'facebook', operation: string): AppCredentials => {
    const app = which === 'instagram' ? options.instagramApp : options.facebookApp;
    if (!app?.appId || !app.appSecret) {
      throw configError(operation, `the ${which === 'instagram' ? 'Instagram' : 'Facebook'} app id and secret are not configured`);
    }
    return app;
  };

  const appSecretProof = (token: string, operation: string): string =>
    createHmac('sha256', requireApp('facebook', operation).appSecret).update(token).digest('hex');

  const graphHostOf = (account: Account): HostKey => (account.host === 'instagram' ? 'instagramGraph' : 'facebookGraph');

  /** Every call goes through here: URL, auth, proof, timeout, retries, error mapping, validation. */
  async function request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    let attempt = 0;
    for (;;) {
      attempt += 1;
      let failure: InstagramApiError;
      try {
        return await attemptOnce(spec);
      } catch (error) {
        failure = isApiError(error) ? error : internalError(spec.operation, error, secretsOf(spec));
      }
      const retriesLeft = retry.retries - (attempt - 1);
      if (!spec.retryable || !RETRYABLE_CLASSES.has(failure.class) || retriesLeft <= 0) {
        throw failure.with({ attempts: attempt });
      }
      const hint = failure.retryAfterMs;
      if (hint !== undefined && hint > retry.maxDelayMs) {
        logger?.warn(
          redact(`Instagram API ${spec.operation}: asked to wait ${hint} ms, more than the ${retry.maxDelayMs} ms cap; giving up`, secretsOf(spec)),
        );
        throw failure.with({ attempts: attempt });
      }
      const delay = retryDelay(attempt, hint);
      logger?.warn(
        redact(
          `Instagram API ${spec.operation}: ${failure.class} failure (code ${failure.code ?? '-'}, HTTP ${failure.httpStatus ?? '-'}), attempt ${attempt} of ${retry.retries + 1}; retrying in ${delay} ms`,
          secretsOf(spec),
        ),
      );
      await sleep(delay);
    }
  }

  /** Full jitter on exponential backoff; a rate-limit hint sets the floor. */
  const retryDelay = (attempt: number, hint: number | undefined): number => {
    if (hint !== undefined) return Math.min(retry.maxDelayMs, hint + Math.floor(random() * retry.baseDelayMs));
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(random() * ceiling);
  };

  const secretsOf = (spec: RequestSpec<z.ZodType>): string[] =>
    [spec.bearer, ...(spec.secrets ?? []), ...appSecrets].filter((s): s is string => typeof s === 'string' && s.length > 0);

  async function attemptOnce<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const secrets = secretsOf(spec);
    const url = spec.absoluteUrl
      ? new URL(spec.absoluteUrl.toString())
      : new URL(`${endpoints[spec.host]}${spec.versioned === false ? '' : `/${version}`}${spec.path ?? ''}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);

    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.form ?? {})) if (value !== undefined) form.set(key, value);

    const headers: Record<string, string> = { Accept: 'application/json' };
    if (spec.bearer) {
      headers.Authorization = `Bearer ${spec.bearer}`;
      if (spec.host === 'facebookGraph') {
        const proof = appSecretProof(spec.bearer, spec.operation);
        secrets.push(proof);
        if (spec.method === 'POST') form.set('appsecret_proof', proof);
        else url.searchParams.set('appsecret_proof', proof);
      }
    }
    const hasBody = spec.method === 'POST';
    if (hasBody) headers['Content-Type'] = 'application/x-www-form-urlencoded';

    const started = Date.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: AxiosResponse<unknown>;
    try {
      response = await transport.request({
        method: spec.method,
        url: url.toString(),
        headers,
        data: hasBody ? form.toString() : undefined,
        signal: controller.signal,
      });
    } catch (error) {
      const kind: TransportFailure = controller.signal.aborted ? 'timeout' : transportKind(error);
      logger?.debug(redact(`Instagram API ${spec.operation}: ${spec.method} ${url.toString()} failed (${kind}) after ${Date.now() - started} ms`, secrets));
      throw transportError(spec, kind, error, secrets);
    } finally {
      clearTimeout(timer);
    }

    logger?.debug(
      redact(`Instagram API ${spec.operation}: ${spec.method} ${url.toString()} -> ${response.status} (${Date.now() - started} ms)`, secrets),
    );
    const responseHeaders = plainHeaders(response.headers);
    const text = typeof response.data === 'string' ? response.data : Buffer.isBuffer(response.data) ? response.data.toString('utf8') : '';
    let body: unknown;
    let parsed = true;
    try {
      body = text.length > 0 ? parseJsonKeepingBigInts(text) : undefined;
    } catch {
      parsed = false;
    }

    const ok = response.status >= 200 && response.status < 300;
    const carriesError = typeof body === 'object' && body !== null && ('error' in body || 'error_type' in body);
    if (ok && !carriesError) {
      if (!parsed || body === undefined) {
        throw invalidResponseError(spec, response.status, 'the body is not JSON', secrets);
      }
      const result = spec.schema.safeParse(body);
      if (!result.success) {
        const where = result.error.issues
          .slice(0, 5)
          .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`)
          .join('; ');
        throw invalidResponseError(spec, response.status, `unexpected shape (${where})`, secrets);
      }
      return result.data;
    }
    throw graphError(spec, response.status, parsed ? body : undefined, responseHeaders, secrets);
  }

  const graphError = (
    spec: RequestSpec<z.ZodType>,
    httpStatus: number,
    body: unknown,
    headers: HeaderBag,
    secrets: string[],
  ): InstagramApiError => {
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
    const unknownOutcomeNote =
      classification.outcomeUnknown && spec.method !== 'GET' ? '; the call may have taken effect: check before repeating it' : '';
    return new InstagramApiError({
      message: redact(`Instagram API ${spec.operation} failed: ${metaMessage} (${details.join(', ')})${unknownOutcomeNote}`, secrets),
      class: classification.class,
      userMessage: userMessageFor({
        class: classification.class,
        code: info?.code,
        subcode: info?.subcode,
        retryAfterMs: classification.retryAfterMs,
        outcomeUnknown: classification.outcomeUnknown,
        requiredScopes: spec.requiredScopes,
        metaUserMessage,
        intent: spec.intent,
      }),
      code: info?.code,
      subcode: info?.subcode,
      httpStatus,
      retryAfterMs: classification.retryAfterMs,
      // A failed read changes nothing at Meta, so only writes can have an unknown outcome.
      outcomeUnknown: classification.outcomeUnknown && spec.method !== 'GET',
      fbtraceId: info?.fbtraceId ? redact(info.fbtraceId, secrets) : undefined,
      operation: spec.operation,
      type: info?.type ? redact(info.type, secrets) : undefined,
      requiredScopes: classification.class === 'permission' ? spec.requiredScopes : undefined,
    });
  };

  const transportError = (spec: RequestSpec<z.ZodType>, kind: TransportFailure, error: unknown, secrets: string[]): InstagramApiError => {
    const classification = classifyGraphError({ transport: kind });
    const outcomeUnknown = classification.outcomeUnknown && spec.method !== 'GET';
    const what =
      kind === 'timeout' ? `no answer within ${timeoutMs} ms` : `${kind === 'unreachable' ? 'could not connect' : 'connection failed'} (${errorCode(error)})`;
    const note = outcomeUnknown ? '; the call may have taken effect: check before repeating it (for a publish, read the container status_code)' : '';
    return new InstagramApiError({
      message: redact(`Instagram API ${spec.operation} failed: ${what}${note}`, secrets),
      class: classification.class,
      userMessage: userMessageFor({ class: classification.class, outcomeUnknown, intent: spec.intent }),
      outcomeUnknown,
      operation: spec.operation,
    });
  };

  const invalidResponseError = (spec: RequestSpec<z.ZodType>, httpStatus: number, why: string, secrets: string[]): InstagramApiError =>
    new InstagramApiError({
      message: redact(`Instagram API ${spec.operation}: Meta answered HTTP ${httpStatus} with ${why}`, secrets),
      class: 'fatal',
      userMessage: 'Instagram answered in an unexpected way. Try again later; if it keeps happening, report it.',
      httpStatus,
      // Meta accepted a write it then described oddly: it may well have happened.
      outcomeUnknown: spec.method !== 'GET',
      operation: spec.operation,
    });

  // ---- OAuth: Instagram Login -------------------------------------------------------------

  /** Consent page URL for Instagram Login. */
  function instagramAuthorizeUrl({ redirectUri, scopes, state }: AuthorizeUrlParams): string {
    const app = requireApp('instagram', 'instagramAuthorizeUrl');
    const url = new URL(endpoints.instagramAuthorize);
    url.searchParams.set('client_id', app.appId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', scopes.join(','));
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** Trades the one-hour, single-use code for a short-lived token and the professional account id. */
  async function exchangeInstagramCode({ code, redirectUri }: { code: string; redirectUri: string }): Promise<InstagramCodeExchange> {
    const app = requireApp('instagram', 'exchangeInstagramCode');
    // Instagram appends "#_" to the redirect; if a caller passes it through, Meta rejects the code.
    const cleanCode = code.replace(/#_$/, '');
    return request({
      operation: 'exchangeInstagramCode',
      method: 'POST',
      host: 'instagramApi',
      path: '/oauth/access_token',
      versioned: false,
      form: {
        client_id: app.appId,
        client_secret: app.appSecret,
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
        code: cleanCode,
      },
      retryable: false,
      intent: 'authorize',
      schema: instagramCodeExchangeSchema,
      secrets: [code, cleanCode],
    });
  }

  /** Short-lived (1 h) to long-lived (~60 d) token; Meta only takes these parameters in the query. */
  async function exchangeInstagramLongLived(shortToken: string): Promise<ExpiringToken> {
    const app = requireApp('instagram', 'exchangeInstagramLongLived');
    return request({
      operation: 'exchangeInstagramLongLived',
      method: 'GET',
      host: 'instagramGraph',
      path: '/access_token',
      versioned: false,
      query: { grant_type: 'ig_exchange_token', client_secret: app.appSecret, access_token: shortToken },
      retryable: true,
      schema: expiringTokenSchema,
      secrets: [shortToken],
    });
  }

  /** New 60-day token; Meta refuses tokens under 24 h old or already expired (190). GET only. */
  async function refreshInstagramToken(longToken: string): Promise<ExpiringToken> {
    return request({
      operation: 'refreshInstagramToken',
      method: 'GET',
      host: 'instagramGraph',
      path: '/refresh_access_token',
      versioned: false,
      query: { grant_type: 'ig_refresh_token', access_token: longToken },
      retryable: true,
      schema: expiringTokenSchema,
      secrets: [longToken],
    });
  }

  /** The connected professional account; `userId` is `user_id`, the id publishing needs. */
  async function getInstagramProfile(token: string): Promise<Profile> {
    return request({
      operation: 'getInstagramProfile',
      method: 'GET',
      host: 'instagramGraph',
      path: '/me',
      query: { fields: INSTAGRAM_PROFILE_FIELDS },
      bearer: token,
      retryable: true,
      requiredScopes: SCOPES.instagram.profile,
      schema: instagramProfileSchema,
    });
  }

  // ---- OAuth: Facebook Login --------------------------------------------------------------

  /** Login dialog URL for Facebook Login (versioned like the Graph). */
  function facebookAuthorizeUrl({ redirectUri, scopes, state }: AuthorizeUrlParams): string {
    const app = requireApp('facebook', 'facebookAuthorizeUrl');
    const url = new URL(`${endpoints.facebookDialog}/${version}/dialog/oauth`);
    url.searchParams.set('client_id', app.appId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', scopes.join(','));
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** Trades the single-use code for a 1–2 h user token. */
  async function exchangeFacebookCode({ code, redirectUri }: { code: string; redirectUri: string }): Promise<ExpiringToken> {
    const app = requireApp('facebook', 'exchangeFacebookCode');
    return request({
      operation: 'exchangeFacebookCode',
      method: 'GET',
      host: 'facebookGraph',
      path: '/oauth/access_token',
      query: { client_id: app.appId, redirect_uri: redirectUri, client_secret: app.appSecret, code },
      retryable: false,
      intent: 'authorize',
      schema: expiringTokenSchema,
      secrets: [code],
    });
  }

  /** Short-lived user token to a ~60 d one; `expiresIn` is null when Meta says it does not expire. */
  async function exchangeFacebookLongLived(shortToken: string): Promise<FacebookLongLivedToken> {
    const app = requireApp('facebook', 'exchangeFacebookLongLived');
    return request({
      operation: 'exchangeFacebookLongLived',
      method: 'GET',
      host: 'facebookGraph',
      path: '/oauth/access_token',
      query: { grant_type: 'fb_exchange_token', client_id: app.appId, client_secret: app.appSecret, fb_exchange_token: shortToken },
      retryable: true,
      schema: facebookLongLivedTokenSchema,
      secrets: [shortToken],
    });
  }

  /** What the user granted and declined (anything not granted counts as declined). */
  async function getFacebookPermissions(userToken: string): Promise<FacebookPermissions> {
    return request({
      operation: 'getFacebookPermissions',
      method: 'GET',
      host: 'facebookGraph',
      path: '/me/permissions',
      bearer: userToken,
      retryable: true,
      schema: facebookPermissionsSchema,
    });
  }

  /** The user's Pages with their page tokens, following `paging.next` on the configured Graph host only. */
  async function listFacebookPages(userToken: string): Promise<FacebookPage[]> {
    const pages: FacebookPage[] = [];
    const seen = new Set<string>();
    let next: URL | undefined;
    for (let page = 0; page < MAX_PAGES_OF_RESULTS; page += 1) {
      const body = await request({
        operation: 'listFacebookPages',
        method: 'GET',
        host: 'facebookGraph',
        ...(next ? { absoluteUrl: next } : { path: '/me/accounts', query: { fields: 'id,name,access_token,instagram_business_account', limit: '100' } }),
        bearer: userToken,
        retryable: true,
        requiredScopes: SCOPES.facebook.pages,
        schema: facebookPagesPageSchema,
      });
      for (const entry of body.data) {
        // Meta omits the page token when the user has no task on the Page; such a Page cannot publish.
        if (!entry.access_token) {
          logger?.debug(`Instagram API listFacebookPages: page ${entry.id} has no page token; skipped`);
          continue;
        }
        pages.push({
          pageId: entry.id,
          name: entry.name ?? '',
          accessToken: entry.access_token,
          instagramBusinessAccountId: entry.instagram_business_account?.id ?? null,
        });
      }
      const link = body.paging?.next;
      if (!link) return pages;
      next = followablePageUrl(link, userToken);
      if (seen.has(next.toString())) return pages;
      seen.add(next.toString());
    }
    logger?.warn(`Instagram API listFacebookPages: stopped after ${MAX_PAGES_OF_RESULTS} pages of results`);
    return pages;
  }

  /**
   * `paging.next` comes from the response, so it is only followed on the configured Graph origin
   * and path; the token and proof Meta embeds in it are dropped and re-sent the usual way.
   */
  const followablePageUrl = (link: string, userToken: string): URL => {
    const base = new URL(endpoints.facebookGraph);
    let url: URL | undefined;
    try {
      url = new URL(link);
    } catch {
      url = undefined;
    }
    const basePath = base.pathname.replace(/\/+$/, '');
    if (!url || url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`)) {
      const shown = url ? url.origin : 'an unparseable URL';
      throw new InstagramApiError({
        message: redact(`Instagram API listFacebookPages: refused to follow paging.next to ${shown}, outside ${base.origin}`, [userToken, ...appSecrets.filter(isString)]),
        class: 'fatal',
        userMessage: 'Facebook returned an unexpected page list. Try connecting again.',
        operation: 'listFacebookPages',
      });
    }
    url.searchParams.delete('access_token');
    url.searchParams.delete('appsecret_proof');
    return url;
  };

  /** Profile of the Instagram account linked to a Page; `userId` is the id asked for. */
  async function getFacebookInstagramProfile(igUserId: string, pageToken: string): Promise<Profile> {
    const body = await request({
      operation: 'getFacebookInstagramProfile',
      method: 'GET',
      host: 'facebookGraph',
      path: `/${encodeId(igUserId)}`,
      query: { fields: FACEBOOK_PROFILE_FIELDS },
      bearer: pageToken,
      retryable: true,
      requiredScopes: SCOPES.facebook.profile,
      schema: facebookInstagramProfileSchema,
    });
    return {
      userId: igUserId,
      username: body.username,
      name: body.name,
      accountType: null,
      profilePictureUrl: body.profile_picture_url,
      followersCount: body.followers_count,
      followsCount: body.follows_count,
      mediaCount: body.media_count,
      biography: body.biography,
      website: body.website,
    };
  }

  /** Token health via the Facebook app token; `expiresAt: null` means it never expires. */
  async function debugToken(inputToken: string): Promise<DebugTokenResult> {
    const app = requireApp('facebook', 'debugToken');
    return request({
      operation: 'debugToken',
      method: 'GET',
      host: 'facebookGraph',
      path: '/debug_token',
      query: { input_token: inputToken },
      bearer: `${app.appId}|${app.appSecret}`,
      retryable: true,
      schema: debugTokenSchema,
      secrets: [inputToken],
    });
  }

  /** Removes every permission the user granted the app (the token dies with it). */
  async function revokeFacebookPermissions(userToken: string): Promise<void> {
    const result = await request({
      operation: 'revokeFacebookPermissions',
      method: 'DELETE',
      host: 'facebookGraph',
      path: '/me/permissions',
      bearer: userToken,
      retryable: false,
      schema: successResponseSchema,
    });
    if (!result.success) {
      throw new InstagramApiError({
        message: 'Instagram API revokeFacebookPermissions: Meta answered success=false',
        class: 'fatal',
        userMessage: 'Facebook did not confirm that the app\'s permissions were removed.',
        operation: 'revokeFacebookPermissions',
      });
    }
  }

  // ---- Publishing (both logins, on their own Graph host) ------------------------------------

  /** Creates a media container and returns its id. Never retried here: a retry could create a second one. */
  async function createContainer(account: Account, params: ContainerParams): Promise<string> {
    return request({
      operation: 'createContainer',
      method: 'POST',
      host: graphHostOf(account),
      path: `/${encodeId(account.igUserId)}/media`,
      form: serializeContainerParams(params),
      bearer: account.accessToken,
      retryable: false,
      requiredScopes: SCOPES[account.host].publish,
      schema: idResponseSchema,
    });
  }

  /** Processing state of a container: poll until FINISHED before publishing. */
  async function getContainerStatus(account: Account, containerId: string): Promise<ContainerStatus> {
    return request({
      operation: 'getContainerStatus',
      method: 'GET',
      host: graphHostOf(account),
      path: `/${encodeId(containerId)}`,
      query: { fields: 'status_code,status' },
      bearer: account.accessToken,
      retryable: true,
      requiredScopes: SCOPES[account.host].publish,
      schema: containerStatusSchema,
    });
  }

  /**
   * Publishes a FINISHED container and returns the media id. Never retried: on an error with
   * `outcomeUnknown`, read the container's status_code first (PUBLISHED means it went out).
   */
  async function publishContainer(account: Account, containerId: string): Promise<string> {
    return request({
      operation: 'publishContainer',
      method: 'POST',
      host: graphHostOf(account),
      path: `/${encodeId(account.igUserId)}/media_publish`,
      form: { creation_id: containerId },
      bearer: account.accessToken,
      retryable: false,
      intent: 'publish',
      requiredScopes: SCOPES[account.host].publish,
      schema: idResponseSchema,
    });
  }

  /** The published media, for its permalink. */
  async function getMedia(account: Account, mediaId: string): Promise<Media> {
    return request({
      operation: 'getMedia',
      method: 'GET',
      host: graphHostOf(account),
      path: `/${encodeId(mediaId)}`,
      query: { fields: MEDIA_FIELDS },
      bearer: account.accessToken,
      retryable: true,
      requiredScopes: SCOPES[account.host].profile,
      schema: mediaSchema,
    });
  }

  /**
   * The account's latest feed posts and reels (or, with `stories`, its live stories), newest
   * first: one page, enough to find a post whose media_publish answer was lost.
   */
  async function listRecentMedia(account: Account, { stories = false, limit = 25 }: { stories?: boolean; limit?: number } = {}): Promise<Media[]> {
    return request({
      operation: 'listRecentMedia',
      method: 'GET',
      host: graphHostOf(account),
      path: `/${encodeId(account.igUserId)}/${stories ? 'stories' : 'media'}`,
      query: { fields: RECENT_MEDIA_FIELDS, limit: String(limit) },
      bearer: account.accessToken,
      retryable: true,
      requiredScopes: SCOPES[account.host].profile,
      schema: mediaListSchema,
    });
  }

  /** Posts used and allowed in the rolling window, as Meta reports them today. */
  async function getPublishingLimit(account: Account): Promise<PublishingLimit> {
    return request({
      operation: 'getPublishingLimit',
      method: 'GET',
      host: graphHostOf(account),
      path: `/${encodeId(account.igUserId)}/content_publishing_limit`,
      query: { fields: 'quota_usage,config' },
      bearer: account.accessToken,
      retryable: true,
      requiredScopes: SCOPES[account.host].publish,
      schema: publishingLimitSchema,
    });
  }

  /** Adds a comment to a media and returns the comment id. Never retried: a retry could comment twice. */
  async function createComment(account: Account, mediaId: string, message: string): Promise<string> {
    return request({
      operation: 'createComment',
      method: 'POST',
      host: graphHostOf(account),
      path: `/${encodeId(mediaId)}/comments`,
      form: { message },
      bearer: account.accessToken,
      retryable: false,
      requiredScopes: SCOPES[account.host].comment,
      schema: idResponseSchema,
    });
  }

  /** Closes the keep-alive sockets of the agents this client created (not of agents passed in). */
  function destroy(): void {
    if (ownsHttpAgent) httpAgent.destroy();
    if (ownsHttpsAgent) httpsAgent.destroy();
  }

  return {
    graphApiVersion: version,
    endpoints,
    instagramAuthorizeUrl,
    exchangeInstagramCode,
    exchangeInstagramLongLived,
    refreshInstagramToken,
    getInstagramProfile,
    facebookAuthorizeUrl,
    exchangeFacebookCode,
    exchangeFacebookLongLived,
    getFacebookPermissions,
    listFacebookPages,
    getFacebookInstagramProfile,
    debugToken,
    revokeFacebookPermissions,
    createContainer,
    getContainerStatus,
    publishContainer,
    getMedia,
    listRecentMedia,
    getPublishingLimit,
    createComment,
    destroy,
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

const isApiError = (value: unknown): value is InstagramApiError => value instanceof InstagramApiError;

const configError = (operation: string, what: string): InstagramApiError =>
  new InstagramApiError({
    message: `Instagram API ${operation}: ${what}`,
    class: 'fatal',
    userMessage: 'The Instagram publisher plugin is not fully configured. Ask an administrator to check its settings.',
    operation,
  });

/** A bug or an unexpected failure inside the client: still never let the raw error (and its config) escape. */
const internalError = (operation: string, error: unknown, secrets: string[]): InstagramApiError =>
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

const transportKind = (error: unknown): TransportFailure => {
  const code = errorCode(error);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return 'timeout';
  return NEVER_SENT_CODES.has(code) ? 'unreachable' : 'network';
};

const plainHeaders = (headers: unknown): HeaderBag => {
  if (!headers || typeof headers !== 'object') return {};
  const toJSON = (headers as { toJSON?: () => unknown }).toJSON;
  const plain = (typeof toJSON === 'function' ? toJSON.call(headers) : headers) as Record<string, unknown>;
  const out: HeaderBag = {};
  for (const [name, value] of Object.entries(plain)) {
    if (typeof value === 'string' || typeof value === 'number') out[name.toLowerCase()] = value;
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.map(String);
  }
  return out;
};
