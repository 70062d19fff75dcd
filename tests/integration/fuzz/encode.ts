import type { Rng } from './prng';
import { hugeString, HUGE } from './values';

/** What goes on the wire: raw bytes and the headers that describe them. */
export interface WireBody {
  contentType: string | null;
  body: string | Buffer | null;
  /** Short label for reports: `json`, `truncated-json`, `multipart`, ... */
  label: string;
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) goes out as the bytes
 * WTF-8 would give it: invalid UTF-8 the server must decode or refuse.
 */
export const percentEncode = (text: string): string =>
  text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g, (unit) => {
    const code = unit.charCodeAt(0);
    if (unit.length === 2 || code < 0xd800 || code > 0xdfff) return encodeURIComponent(unit);
    return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
  });

const enc = percentEncode;

/**
 * qs-style pairs: arrays as `a[]=1&a[]=2`, `a[0]=1` or `a=1&a=2`, objects as `a[b][c]=1`, so the
 * server's query parser sees repeated keys, nested objects and operator keys such as `a[$gt]`.
 */
const pairs = (rng: Rng, key: string, value: unknown, depth = 0): Array<[string, string]> => {
  if (depth > 40) return [[key, 'deep']];
  if (Array.isArray(value)) {
    const style = rng.pick(['brackets', 'indices', 'repeat'] as const);
    return value.flatMap((item, index) =>
      pairs(rng, style === 'brackets' ? `${key}[]` : style === 'indices' ? `${key}[${index}]` : key, item, depth + 1),
    );
  }
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([inner, item]) => pairs(rng, `${key}[${inner}]`, item, depth + 1));
  }
  return [[key, value === null || value === undefined ? '' : String(value)]];
};

/** Keys keep their brackets readable (as browsers and qs write them); values are always encoded. */
export const queryString = (rng: Rng, query: Record<string, unknown>): string =>
  Object.entries(query)
    .flatMap(([key, value]) => pairs(rng, key, value))
    .map(([key, value]) => `${rng.chance(0.8) ? enc(key).replace(/%5B/g, '[').replace(/%5D/g, ']') : enc(key)}=${enc(value)}`)
    .join('&');

const INVALID_JSON = ['{', '{"a":}', "{'a':1}", 'nul', '[1,2', '{"a":1}}', '\u0000', '{"a":"\\ud800"}', 'NaN', '{"a":1,}', '\ufeff{"a":1}', '{"a":"\\x41"}', ' '];

const multipart = (rng: Rng, fields: Array<[string, string]>): WireBody => {
  const boundary = `----fuzz${rng.int(1000, 9999)}`;
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '')}"\r\n\r\n${value}\r\n`);
  if (rng.chance(0.3)) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="../../evil.png"\r\nContent-Type: image/png\r\n\r\n\u0089PNG\r\n`);
  const closed = rng.chance(0.8);
  const body = `${parts.join('')}${closed ? `--${boundary}--\r\n` : ''}`;
  const header = rng.weighted<string>([
    [6, `multipart/form-data; boundary=${boundary}`],
    [1, 'multipart/form-data'],
    [1, 'multipart/form-data; boundary=wrong'],
  ]);
  return { contentType: header, body, label: `multipart${closed ? '' : '-unclosed'}${header.endsWith(boundary) ? '' : '-bad-boundary'}` };
};

/** Encodes a request body in one of the ways a careless or hostile client sends it. */
export const encodeBody = (rng: Rng, value: unknown): WireBody => {
  const json = value === undefined ? '' : JSON.stringify(value);
  const flat = value && typeof value === 'object' ? pairs(rng, 'root', value).map(([key, item]) => [key.replace(/^root\[([^\]]*)\]/, '$1'), item] as [string, string]) : [['value', String(value)] as [string, string]];
  return rng.weighted<() => WireBody>([
    [40, () => ({ contentType: rng.pick(['application/json', 'application/json; charset=utf-8', 'application/vnd.api+json']), body: json, label: 'json' })],
    [6, () => ({ contentType: 'application/json', body: json.slice(0, rng.int(0, Math.max(0, json.length - 1))), label: 'truncated-json' })],
    [5, () => ({ contentType: 'application/json', body: rng.pick(INVALID_JSON), label: 'invalid-json' })],
    [2, () => ({ contentType: rng.pick(['application/json; charset=utf-16', 'application/json; charset=x-unknown', 'application/json; charset=latin1']), body: json, label: 'json-charset' })],
    [5, () => ({ contentType: 'application/x-www-form-urlencoded', body: flat.map(([key, item]) => `${enc(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${enc(item)}`).join('&'), label: 'form' })],
    [5, () => multipart(rng, flat)],
    [4, () => ({ contentType: 'text/plain', body: json, label: 'text' })],
    [2, () => ({ contentType: rng.pick(['application/xml', 'application/octet-stream', 'image/png', 'x/y', '']), body: Buffer.from(json), label: 'other-type' })],
    [3, () => ({ contentType: null, body: null, label: 'no-body' })],
    [2, () => ({ contentType: 'application/json', body: JSON.stringify({ huge: hugeString(rng, HUGE) }), label: 'huge-json' })],
    [1, () => ({ contentType: 'text/plain', body: hugeString(rng, HUGE), label: 'huge-text' })],
  ])();
};
