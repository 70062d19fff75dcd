import type { Rng } from './prng';

/** 1 MiB: past Strapi's JSON body limit on purpose, and far past every field's own limit. */
export const HUGE = 1024 * 1024;

/** Strings that break naive parsers, databases, paths and logs. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '..',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f',
  '%',
  '%zz',
  '%E0%A4%A',
  '\uD800',
  '\uFFFF',
  'é',
  'Zoë 🍞 日本語',
  '\u202Eevil\u202C',
  '👨‍👩‍👧‍👦'.repeat(20),
  'null',
  'undefined',
  'NaN',
  'true',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '0x1f',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '[object Object]',
  "' OR '1'='1",
  '1; DROP TABLE instagram_connections; --',
  '{"$gt":""}',
  '$where',
  '<script>alert(1)</script>',
  '{{title',
  '{{ title }',
  '\\{{title}}',
  '{{}}',
  '{{constructor}}',
  '{{__proto__}}',
  'api::article.article',
  'plugin::users-permissions.user',
  'admin::user',
  'api::article.article\u0000',
  'https://evil.example/',
  'javascript:alert(1)',
  '\r\nSet-Cookie: x=1',
];

/**
 * Well-formed values of the plugin's domain, to swap between fields: they pass the shape checks
 * and reach the rules behind them (a video field for an image post, a locale that does not exist).
 */
export const PLAUSIBLE_STRINGS: readonly string[] = [
  'fr', 'zz', 'en-US', 'a', '1', '0', '2147483647', '2147483648', 'f'.repeat(32), 'a'.repeat(24),
  'api::article.article', 'api::nope.nope', 'plugin::upload.file', 'admin::user',
  'title', 'slug', 'excerpt', 'body', 'cover', 'gallery', 'video', 'locale', 'documentId', 'id', 'createdBy',
  'auto', 'image', 'carousel', 'reel', 'story', 'instagram', 'facebook', 'draft', 'published', 'failed', 'queued',
  '{{title}}', '{{cover}}', '{{locale}}', '#a #b #c #d #e #f', '@a @b @c', '2020-01-01T00:00:00Z', '2999-01-01T00:00:00+14:00',
];

/** Frozen all the way down: a request that edited a shared value would change every later request. */
const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

/** Objects that a careless `where: body.x` would turn into a query operator. */
export const OPERATOR_OBJECTS: readonly unknown[] = deepFreeze([
  { $gt: '' },
  { $ne: null },
  { $in: ['1', '2'] },
  { $regex: '.*' },
  { $where: 'sleep(1000)' },
  { $or: [{ id: 1 }, { id: { $gt: 0 } }] },
  { $null: false },
  { $notNull: true },
  { $containsi: '' },
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
  { toString: 'x', valueOf: 'y' },
]);

export const NUMBERS: readonly unknown[] = [0, -1, 1, 1.5, -0, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE];

/** Nests a value `depth` times in arrays or objects. */
export const nest = (rng: Rng, depth: number, leaf: unknown = 'x'): unknown => {
  let value = leaf;
  const asObject = rng.chance(0.5);
  for (let i = 0; i < depth; i += 1) value = asObject ? { a: value } : [value];
  return value;
};

export const hugeString = (rng: Rng, length = HUGE) => rng.pick(['x', 'é', '🍞', '{{', '\u0000', '#a ']).repeat(Math.ceil(length / 2)).slice(0, length);

export const nastyString = (rng: Rng): string =>
  rng.weighted<() => string>([
    [10, () => rng.pick(NASTY_STRINGS)],
    [2, () => hugeString(rng, rng.pick([300, 2201, 10_001, 70_000]))],
    [1, () => `${rng.pick(NASTY_STRINGS)}${rng.pick(NASTY_STRINGS)}`],
  ])();

/** Any JSON-ish value of the wrong kind, with a bias to the ones that have broken servers. */
export const hostileValue = (rng: Rng, depth = 0): unknown =>
  rng.weighted<() => unknown>([
    [6, () => nastyString(rng)],
    [3, () => rng.pick(NUMBERS)],
    [2, () => rng.pick([true, false, null])],
    [3, () => rng.pick(OPERATOR_OBJECTS)],
    [2, () => (depth > 3 ? [] : Array.from({ length: rng.int(0, 3) }, () => hostileValue(rng, depth + 1)))],
    [2, () => (depth > 3 ? {} : Object.fromEntries(Array.from({ length: rng.int(0, 3) }, () => [nastyKey(rng), hostileValue(rng, depth + 1)])))],
    [1, () => nest(rng, rng.pick([20, 200, 2000]))],
  ])();

export const nastyKey = (rng: Rng) => rng.pick(['', 'a', '$gt', '$or', '__proto__', 'constructor', 'a.b', 'a[b]', 'é', '\u0000', 'x'.repeat(300), 'id', 'where']);
