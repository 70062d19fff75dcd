/**
 * Redaction for anything that may reach a log line or an error message.
 *
 * Meta insists on tokens and app secrets in query strings for several OAuth endpoints, and axios
 * errors carry the full request (URL, params, body, Authorization header, raw request header text),
 * so nothing derived from a request is logged without passing through here first.
 */
import { plainHeaders } from './headers';

export const REDACTED = '[REDACTED]';

/**
 * Keys whose values are credentials. `client_id` and account ids are deliberately absent: they are
 * public identifiers and hiding them makes logs useless for support.
 */
const SENSITIVE_KEYS = [
  'access_token',
  'client_secret',
  'code',
  'fb_exchange_token',
  'input_token',
  'appsecret_proof',
  'signed_request',
  'refresh_token',
  'hub.verify_token',
  'verify_token',
  'accessToken',
  'appSecret',
  'clientSecret',
  'encryptionKey',
  'password',
];

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const KEY_ALTERNATION = SENSITIVE_KEYS.map(escapeRegExp).join('|');

/** `key=value` in query strings and form bodies, also when the whole URL is itself percent-encoded. */
const QUERY_PAIR = new RegExp(
  `(^|[?&;\\s"'(,{\\[]|%26|%3F)(${KEY_ALTERNATION})(=|%3D)((?:(?!%26)[^&\\s#"'<>,;)}\\]])+)`,
  'gi',
);
/** `"key": "value"` (JSON) and `key: 'value'` (util.inspect output). */
const JSON_PAIR = new RegExp(`(["']?)\\b(${KEY_ALTERNATION})\\1(\\s*:\\s*)(["'\`])(?:\\\\.|(?!\\4)[^\\\\])*\\4`, 'gi');
/** The same inside a JSON document that was itself serialized into a string (`\"key\":\"value\"`). */
const ESCAPED_JSON_PAIR = new RegExp(`(\\\\+["'])(${KEY_ALTERNATION})\\1(\\s*:\\s*)\\1[^"'\\\\]*\\1`, 'gi');
/** Header lines and header objects: the whole value goes, whatever the scheme. */
const AUTHORIZATION_HEADER = /(authorization["']?\s*[:=]\s*["']?)((?:Bearer|OAuth|Basic)\s+)?[^"'\s,;}]+/gi;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/|=%:]+/gi;
/** Meta token prefixes, for tokens pasted into free text with no key next to them. */
const META_TOKEN_LOOKALIKE = /\b(?:EAA|IGAA|IGQV)[A-Za-z0-9_-]{20,}/g;

/** Shorter explicit secrets are ignored: replacing 1–3 character strings would shred the text. */
const MIN_SECRET_LENGTH = 4;

/** Removes credentials from free text, URLs, query strings, form bodies and JSON. */
export const redact = (text: string, secrets: ReadonlyArray<string | undefined | null> = []): string => {
  if (typeof text !== 'string' || text.length === 0) return typeof text === 'string' ? text : '';
  let out = text;
  for (const form of secretForms(secrets)) out = out.split(form).join(REDACTED);
  return out
    .replace(ESCAPED_JSON_PAIR, (_m, q: string, key: string, sep: string) => `${q}${key}${q}${sep}${q}${REDACTED}${q}`)
    .replace(JSON_PAIR, (_m, q: string, key: string, sep: string, vq: string) => `${q}${key}${q}${sep}${vq}${REDACTED}${vq}`)
    .replace(QUERY_PAIR, (_m, lead: string, key: string, eq: string) => `${lead}${key}${eq}${REDACTED}`)
    .replace(AUTHORIZATION_HEADER, (_m, lead: string, scheme?: string) => `${lead}${scheme ?? ''}${REDACTED}`)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(META_TOKEN_LOOKALIKE, REDACTED);
};

/** Each secret as it may appear: raw, percent-encoded, form-encoded and JSON-escaped; longest first. */
const secretForms = (secrets: ReadonlyArray<string | undefined | null>): string[] => {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
};

/** A log-safe description of any thrown value. */
export interface RedactedError {
  name: string;
  message: string;
  code?: string | number;
  subcode?: number;
  class?: string;
  httpStatus?: number;
  method?: string;
  url?: string;
  fbtraceId?: string;
  retryAfterMs?: number;
  outcomeUnknown?: boolean;
  operation?: string;
  responseBody?: string;
  stack?: string;
  cause?: RedactedError;
}

const MAX_BODY_CHARS = 1000;
const MAX_CAUSE_DEPTH = 3;

/**
 * Turns any error into a plain object that is safe to log. Axios errors are rebuilt from scratch:
 * their `config`, `request` and `response` hold the URL, params, body and Authorization header, so
 * the credentials found there are harvested first and then scrubbed from every string kept.
 */
export const redactError = (err: unknown, secrets: ReadonlyArray<string | undefined | null> = []): RedactedError =>
  redactErrorAtDepth(err, [...secrets], 0);

const redactErrorAtDepth = (err: unknown, secrets: Array<string | undefined | null>, depth: number): RedactedError => {
  if (isAxiosLike(err)) return redactAxiosError(err, secrets);
  if (err instanceof Error) {
    const record = err as unknown as Record<string, unknown>;
    const out: RedactedError = { name: safeName(err.name), message: redact(err.message, secrets) };
    copySafeFields(record, out, secrets);
    if (typeof err.stack === 'string') out.stack = redact(err.stack, secrets);
    if (record.cause !== undefined && depth < MAX_CAUSE_DEPTH) out.cause = redactErrorAtDepth(record.cause, secrets, depth + 1);
    return out;
  }
  if (typeof err === 'string') return { name: 'Error', message: redact(err, secrets) };
  return { name: 'Error', message: truncate(redact(safeStringify(err), secrets)) };
};

/** Fields that are known to be non-secret scalars on our errors and on Node system errors. */
const SAFE_FIELDS = ['code', 'subcode', 'class', 'httpStatus', 'fbtraceId', 'retryAfterMs', 'outcomeUnknown', 'operation'] as const;

const copySafeFields = (source: Record<string, unknown>, out: RedactedError, secrets: Array<string | undefined | null>) => {
  const target = out as unknown as Record<string, unknown>;
  for (const field of SAFE_FIELDS) {
    const value = source[field];
    if (typeof value === 'number' || typeof value === 'boolean') target[field] = value;
    else if (typeof value === 'string') target[field] = redact(value, secrets);
  }
};

interface AxiosLike {
  isAxiosError: true;
  name?: string;
  message: string;
  code?: string;
  config?: {
    method?: string;
    url?: string;
    baseURL?: string;
    params?: unknown;
    data?: unknown;
    headers?: unknown;
  };
  response?: { status?: number; data?: unknown };
}

const isAxiosLike = (err: unknown): err is AxiosLike =>
  typeof err === 'object' && err !== null && (err as { isAxiosError?: unknown }).isAxiosError === true;

const redactAxiosError = (err: AxiosLike, callerSecrets: Array<string | undefined | null>): RedactedError => {
  const secrets = [...callerSecrets, ...harvestAxiosSecrets(err)];
  const out: RedactedError = { name: safeName(err.name ?? 'AxiosError'), message: redact(String(err.message ?? ''), secrets) };
  if (typeof err.code === 'string') out.code = err.code;
  const config = err.config;
  if (config?.method) out.method = String(config.method).toUpperCase();
  const url = buildAxiosUrl(config);
  if (url) out.url = redact(url, secrets);
  if (typeof err.response?.status === 'number') out.httpStatus = err.response.status;
  if (err.response?.data !== undefined) out.responseBody = truncate(redact(stringifyBody(err.response.data), secrets));
  return out;
};

/** Credentials sitting in an axios config, so they can be removed even where no key names them. */
const harvestAxiosSecrets = (err: AxiosLike): string[] => {
  const found: string[] = [];
  const config = err.config;
  if (!config) return found;
  for (const value of [plainHeaders(config.headers).authorization ?? []].flat()) {
    if (typeof value === 'string') found.push(value.replace(/^(Bearer|OAuth|Basic)\s+/i, ''));
  }
  const collect = (pairs: Iterable<[string, unknown]>) => {
    for (const [key, value] of pairs) {
      if (isSensitiveKey(key) && (typeof value === 'string' || typeof value === 'number')) found.push(String(value));
    }
  };
  if (config.params instanceof URLSearchParams) collect(config.params.entries());
  else if (config.params && typeof config.params === 'object') collect(Object.entries(config.params as Record<string, unknown>));
  if (typeof config.data === 'string') collect(safeSearchParams(config.data).entries());
  else if (config.data instanceof URLSearchParams) collect(config.data.entries());
  else if (config.data && typeof config.data === 'object') collect(Object.entries(config.data as Record<string, unknown>));
  if (typeof config.url === 'string') {
    const query = config.url.includes('?') ? config.url.slice(config.url.indexOf('?') + 1) : '';
    collect(safeSearchParams(query).entries());
  }
  return found;
};

const SENSITIVE_KEY_SET = new Set(SENSITIVE_KEYS.map((key) => key.toLowerCase()));
const isSensitiveKey = (key: string): boolean => SENSITIVE_KEY_SET.has(key.toLowerCase());

const safeSearchParams = (text: string): URLSearchParams => {
  try {
    return new URLSearchParams(text);
  } catch {
    return new URLSearchParams();
  }
};

const buildAxiosUrl = (config: AxiosLike['config']): string | undefined => {
  if (!config?.url) return undefined;
  const base = config.baseURL && !/^https?:\/\//i.test(config.url) ? config.baseURL.replace(/\/+$/, '') + '/' + config.url.replace(/^\/+/, '') : config.url;
  const params = config.params instanceof URLSearchParams ? config.params : toSearchParams(config.params);
  const query = params.toString();
  if (!query) return base;
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
};

const toSearchParams = (params: unknown): URLSearchParams => {
  const out = new URLSearchParams();
  if (params && typeof params === 'object') {
    for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
      if (value !== undefined && value !== null) out.append(key, typeof value === 'object' ? safeStringify(value) : String(value));
    }
  }
  return out;
};

const stringifyBody = (data: unknown): string => {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return safeStringify(data);
};

const safeStringify = (value: unknown): string => {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint') return v.toString();
        if (v && typeof v === 'object') {
          if (seen.has(v)) return '[Circular]';
          seen.add(v);
        }
        return v;
      }) ?? String(value)
    );
  } catch {
    return Object.prototype.toString.call(value);
  }
};

const safeName = (name: unknown): string => (typeof name === 'string' && /^[\w.$-]{1,80}$/.test(name) ? name : 'Error');

const truncate = (text: string): string => (text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text);
