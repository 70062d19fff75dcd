/**
 * How the Graph client talks to Meta: one `request()` for both login products (Instagram Login on
 * graph.instagram.com, Facebook Login on graph.facebook.com) that does versioned URLs, the bearer
 * header, `appsecret_proof` on the Facebook host, timeout, backoff with jitter that honours
 * rate-limit hints, error mapping and response validation.
 *
 * Retry rule: the transport retries on its own only calls that are safe to repeat, i.e. reads (GET)
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
 * Every answer's usage headers feed one rate governor (rate-governor.ts) shared by all calls of the
 * client; every attempt asks it first, and is spaced, held or refused (`throttled`, never sent)
 * while Meta's usage is high.
 *
 * A 2xx response that does not match its schema is an InstagramApiError of class `fatal` (retrying
 * cannot change Meta's answer), with `outcomeUnknown: true` for writes since Meta did act.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { plainHeaders } from '../utils/headers';
import { redact } from '../utils/redact';
import { DEFAULT_GRAPH_API_VERSION, GRAPH_API_VERSION_PATTERN, resolveEndpoints, type GraphEndpoints } from './endpoints';
import { InstagramApiError, type InstagramErrorClass, type TransportFailure } from './errors';
import { parseJsonKeepingBigInts } from './json';
import { createRateGovernor, DEFAULT_RATE_LIMITS, type AppKind, type CallScope, type RateLimitSettings } from './rate-governor';
import { readUsageHeaders } from './usage';
import {
  configError,
  graphError,
  internalError,
  invalidResponseError,
  transportError,
  transportKind,
  type FailedCall,
} from './request-errors';

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
  /** Clock of the rate governor; injectable so tests control time. */
  now?: () => number;
  /** Read before every call, so a config change applies at once. Default DEFAULT_RATE_LIMITS. */
  rateLimits?: () => RateLimitSettings;
  /** Source of jitter in [0, 1); injectable so tests can pin delays. */
  random?: () => number;
  /** Receives only redacted text. */
  logger?: GraphLogger;
  /** Keep-alive agents are created when not given, so bulk token refreshes reuse sockets. */
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
}

export type HostKey = 'instagramApi' | 'instagramGraph' | 'facebookGraph';

export interface RequestSpec<S extends z.ZodType> extends FailedCall {
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
  /** Credentials placed in the query or body, scrubbed from every log line and message. */
  secrets?: Array<string | undefined>;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const RETRYABLE_CLASSES: ReadonlySet<InstagramErrorClass> = new Set(['transient', 'throttled']);

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const isSecret = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** Creates the transport; it holds no state beyond its options and its HTTP agents. */
export function createTransport(options: GraphClientOptions) {
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
  const governor = createRateGovernor(options.rateLimits ?? (() => DEFAULT_RATE_LIMITS), { now: options.now, sleep, logger });

  const httpClient = axios.create({
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

  /** The app's id and secret, or a `fatal` configuration error naming what is missing. */
  const requireApp = (which: 'instagram' | 'facebook', operation: string): AppCredentials => {
    const app = which === 'instagram' ? options.instagramApp : options.facebookApp;
    if (!app?.appId || !app.appSecret) {
      throw configError(operation, `the ${which === 'instagram' ? 'Instagram' : 'Facebook'} app id and secret are not configured`);
    }
    return app;
  };

  const appSecretProof = (token: string, operation: string): string =>
    createHmac('sha256', requireApp('facebook', operation).appSecret).update(token).digest('hex');

  /** Everything to scrub from a text about a call: the given credentials and both app secrets. */
  const secretsWith = (extra: Array<string | undefined>): string[] => [...extra, ...appSecrets].filter(isSecret);

  const secretsOf = (spec: RequestSpec<z.ZodType>): string[] => secretsWith([spec.bearer, ...(spec.secrets ?? [])]);

  /** Every call goes through here: URL, auth, proof, timeout, retries, error mapping, validation. */
  async function request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    let attempt = 0;
    for (;;) {
      attempt += 1;
      let failure: InstagramApiError;
      const scope = callScope(spec);
      // A refusal here was never sent: it is not retried in place but handed to the caller with its wait.
      await governor.acquire(scope).catch((error: unknown) => {
        throw error instanceof InstagramApiError ? error.with({ attempts: attempt - 1 }) : error;
      });
      try {
        return await attemptOnce(spec, scope);
      } catch (error) {
        failure = error instanceof InstagramApiError ? error : internalError(spec.operation, error, secretsOf(spec));
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

  const urlOf = (spec: RequestSpec<z.ZodType>): URL =>
    spec.absoluteUrl
      ? new URL(spec.absoluteUrl.toString())
      : new URL(`${endpoints[spec.host]}${spec.versioned === false ? '' : `/${version}`}${spec.path ?? ''}`);

  /** What the rate governor needs to know of a call: its app, token and the ids in its path. */
  const callScope = (spec: RequestSpec<z.ZodType>): CallScope => {
    const app: AppKind = spec.host === 'facebookGraph' ? 'facebook' : 'instagram';
    const pathIds = urlOf(spec)
      .pathname.split('/')
      .filter((segment) => /^\d{5,32}$/.test(segment));
    return { app, operation: spec.operation, bearer: spec.bearer, pathIds };
  };

  async function attemptOnce<S extends z.ZodType>(spec: RequestSpec<S>, scope: CallScope): Promise<z.output<S>> {
    const secrets = secretsOf(spec);
    const url = urlOf(spec);
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
      response = await httpClient.request({
        method: spec.method,
        url: url.toString(),
        headers,
        data: hasBody ? form.toString() : undefined,
        signal: controller.signal,
      });
    } catch (error) {
      const kind: TransportFailure = controller.signal.aborted ? 'timeout' : transportKind(error);
      logger?.debug(redact(`Instagram API ${spec.operation}: ${spec.method} ${url.toString()} failed (${kind}) after ${Date.now() - started} ms`, secrets));
      throw transportError(spec, kind, error, timeoutMs, secrets);
    } finally {
      clearTimeout(timer);
    }

    logger?.debug(
      redact(`Instagram API ${spec.operation}: ${spec.method} ${url.toString()} -> ${response.status} (${Date.now() - started} ms)`, secrets),
    );
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
    const headerBag = plainHeaders(response.headers);
    const usage = readUsageHeaders(headerBag);
    if (ok && !carriesError) {
      governor.observe(scope, usage, { ok: true });
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
    const failure = graphError(spec, response.status, parsed ? body : undefined, headerBag, secrets);
    governor.observe(scope, usage, {
      ok: false,
      throttle: failure.class === 'throttled' ? { code: failure.code, httpStatus: response.status, retryAfterMs: failure.retryAfterMs } : undefined,
    });
    throw failure;
  }

  /** Closes the keep-alive sockets of the agents this transport created (not of agents passed in). */
  function destroy(): void {
    if (ownsHttpAgent) httpAgent.destroy();
    if (ownsHttpsAgent) httpsAgent.destroy();
  }

  return {
    endpoints,
    version,
    logger,
    request,
    requireApp,
    /** Latest Meta usage per app and account, and running pauses (for the admin). */
    usage: () => governor.snapshot(),
    /** Scrubs the given credentials and both app secrets from a text about a call. */
    redact: (text: string, extra: Array<string | undefined>): string => redact(text, secretsWith(extra)),
    destroy,
  };
}

export type Transport = ReturnType<typeof createTransport>;
