import { webhookSignature } from '../../sandbox';
import { encodeBody, percentEncode, queryString, type WireBody } from './encode';
import { realParams, vocabulary, type Example } from './examples';
import { FB_SECRET, IG_SECRET, type Fixtures } from './fixtures';
import { mutate } from './mutate';
import type { Rng } from './prng';
import type { FuzzRoute } from './routes';
import { hostileValue, nastyKey, nastyString } from './values';

/** privileged: super admin (admin routes) or full-access API token (content API); end-user: a Users & Permissions JWT. */
export type AuthMode = 'privileged' | 'end-user' | 'anonymous' | 'bogus';

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded as they go on the wire. */
  url: string;
  auth: AuthMode;
  headers: Record<string, string>;
  wire: WireBody;
}

/** Path parameters that are already percent-encoded: traversal, NUL, broken escapes. */
const RAW_PARAMS = ['..%2f..%2fetc%2fpasswd', '%2e%2e', '%00', 'a%00b', '%zz', '%E0%A4%A', '%C0%AE%C0%AE', '..%5c..%5cwin.ini', '%252e%252e', '%F0%9F%8D%9E'];

const paramValue = (rng: Rng, fixtures: Fixtures, name: string): string =>
  rng.weighted<() => string>([
    [4, () => percentEncode(rng.pick(realParams(fixtures, name)))],
    [3, () => rng.pick(RAW_PARAMS)],
    [4, () => percentEncode(nastyString(rng).slice(0, rng.pick([64, 200, 5_000])) || 'x')],
    [1, () => percentEncode(`${rng.pick(realParams(fixtures, name))}${rng.pick(['\u0000', ' ', '/..', '.json', '%'])}`)],
    [1, () => percentEncode(JSON.stringify(rng.pick([{ $gt: '' }, { $ne: null }, ['1', '2']])))],
    [1, () => rng.pick(['1', '0', '-1', '1.5', '1e3', '0x10', '9'.repeat(40), 'f'.repeat(32), 'a'.repeat(24)])],
  ])();

/** A query for a route without an example: known field names with hostile values, nested and repeated. */
const randomQuery = (rng: Rng, words: Array<[string, unknown]>): Record<string, unknown> =>
  Object.fromEntries(
    Array.from({ length: rng.int(0, 4) }, () => {
      const [key, value] = rng.chance(0.8) && words.length ? rng.pick(words) : [nastyKey(rng), null];
      return [key, rng.chance(0.5) ? value : hostileValue(rng)];
    }),
  );

const exampleOf = (rng: Rng, examples: Record<string, Example[]>, handler: string): Example => {
  const known = examples[handler];
  if (known?.length) return rng.pick(known);
  const words = vocabulary(examples);
  return { body: randomQuery(rng, words), query: randomQuery(rng, words) };
};

/**
 * One request for a route, entirely decided by `rng`: the method (sometimes HEAD or a method the
 * route does not serve), path parameters (real ids or broken ones), the query and the body
 * (a valid example bent by 1-3 mutations, or left valid now and then), the encoding and the auth.
 */
export const buildRequest = (rng: Rng, route: FuzzRoute, fixtures: Fixtures, examples: Record<string, Example[]>): FuzzRequest => {
  const example = exampleOf(rng, examples, route.handler);
  const method = rng.weighted<string>([
    [20, route.method],
    [route.method === 'GET' ? 1 : 0, 'HEAD'],
    [1, rng.pick(['PATCH', 'PUT', 'DELETE', 'OPTIONS', 'POST', 'GET'].filter((m) => m !== route.method))],
  ]);

  let path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => paramValue(rng, fixtures, name));
  if (rng.chance(0.03)) path += rng.pick(['/', '//', '/..', '?', '#x']);

  const mutateQuery = rng.chance(example.query ? 0.85 : 0.3);
  const query = mutateQuery ? (mutate(rng, example.query ?? {}) as unknown) : example.query;
  const search =
    query && typeof query === 'object' && !Array.isArray(query)
      ? queryString(rng, query as Record<string, unknown>)
      : query !== undefined
        ? `q=${percentEncode(typeof query === 'string' ? query : JSON.stringify(query))}`
        : '';

  // Bodies for every method: a GET with a JSON body must be ignored or refused, never crash.
  const sendsBody = method !== 'HEAD' && (method !== 'GET' || rng.chance(0.2));
  // Now and then the example goes out untouched: accepted requests must hold the rules too.
  const body = rng.chance(0.85) ? mutate(rng, example.body ?? {}) : example.body;
  const wire: WireBody = sendsBody ? encodeBody(rng, body) : { contentType: null, body: null, label: 'no-body' };

  const auth = rng.weighted<AuthMode>([
    [route.public ? 2 : route.type === 'content-api' ? 8 : 16, 'privileged'],
    [route.public ? 1 : route.type === 'content-api' ? 8 : 1, 'end-user'],
    [route.public ? 10 : 3, 'anonymous'],
    [1, 'bogus'],
  ]);
  const headers: Record<string, string> = {};
  if (rng.chance(0.05)) headers['Content-Encoding'] = rng.pick(['gzip', 'deflate', 'br', 'x-unknown']);
  // Meta's webhook deliveries are signed over the bytes sent: most bent bodies are signed too, so they
  // get past the signature check and reach the JSON and schema checks behind it.
  if (route.handler === 'webhooks.receive' && wire.body !== null && rng.chance(0.7)) {
    headers['X-Hub-Signature-256'] = webhookSignature(wire.body, rng.pick([IG_SECRET, FB_SECRET]));
  }
  if (rng.chance(0.05)) headers.Accept = rng.pick(['text/html', 'application/xml', '*/*', 'application/json;q=0']);
  return { method, url: search ? `${path}?${search}` : path, auth, headers, wire };
};

/** One line for a report, without the 1 MB parts. */
export const describeRequest = (request: FuzzRequest) => {
  const body = request.wire.body === null ? '' : String(request.wire.body);
  const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);
  const headers = Object.entries(request.headers).map(([name, value]) => `, ${name}: ${value}`).join('');
  return `${request.method} ${cut(request.url, 300)} [auth=${request.auth}, ${request.wire.label}${request.wire.contentType ? `, ${request.wire.contentType}` : ''}${headers}] ${cut(body, 300)}`;
};
