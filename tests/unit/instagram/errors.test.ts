import {
  InstagramApiError,
  classifyGraphError,
  isInstagramApiError,
  retryAfterFromHeaders,
  userMessageFor,
  type InstagramErrorClass,
} from '../../../server/src/instagram/errors';

type Row = [label: string, input: Parameters<typeof classifyGraphError>[0], expected: InstagramErrorClass, outcomeUnknown: boolean];

/** One line per entry of the §3 table in shared/instagram-api.md. */
const SECTION_3: Row[] = [
  // temporary
  ['1 unknown error', { code: 1, httpStatus: 500 }, 'transient', true],
  ['2 service unavailable', { code: 2, httpStatus: 400 }, 'transient', true],
  ['-1/2207001 server error', { code: -1, subcode: 2207001, httpStatus: 400 }, 'transient', true],
  ['bare 5xx', { httpStatus: 503 }, 'transient', true],
  ['5xx with an unknown code', { code: 12345, httpStatus: 500 }, 'transient', true],
  ['timeout', { transport: 'timeout' }, 'transient', true],
  ['network reset', { transport: 'network' }, 'transient', true],
  ['connection refused', { transport: 'unreachable' }, 'transient', false],
  // throttled
  ['4 app limit', { code: 4, httpStatus: 400 }, 'throttled', false],
  ['17 user limit', { code: 17, httpStatus: 400 }, 'throttled', false],
  ['32 page limit', { code: 32, httpStatus: 400 }, 'throttled', false],
  ['613 custom limit', { code: 613, httpStatus: 400 }, 'throttled', false],
  ['80002 Instagram account limit', { code: 80002, httpStatus: 400 }, 'throttled', false],
  ['bare 429', { httpStatus: 429 }, 'throttled', false],
  // container not ready
  ['9007/2207027 not ready', { code: 9007, subcode: 2207027, httpStatus: 400 }, 'notReady', false],
  // media builder busy
  ['24/2207008 builder busy', { code: 24, subcode: 2207008, httpStatus: 400 }, 'newContainer', false],
  // download / processing failed
  ['-2/2207003 download timeout', { code: -2, subcode: 2207003, httpStatus: 400 }, 'newContainer', false],
  ['-2/2207020 media expired', { code: -2, subcode: 2207020, httpStatus: 400 }, 'newContainer', false],
  ['-1/2207032 create failed', { code: -1, subcode: 2207032, httpStatus: 400 }, 'newContainer', false],
  ['-1/2207053 upload error', { code: -1, subcode: 2207053, httpStatus: 400 }, 'newContainer', false],
  ['9004/2207052 fetch failed', { code: 9004, subcode: 2207052, httpStatus: 400 }, 'newContainer', false],
  // quota
  ['9/2207042 quota', { code: 9, subcode: 2207042, httpStatus: 400 }, 'defer', false],
  // token invalid or expired
  ...[458, 460, 463, 464, 467, 492].map((subcode): Row => [`190/${subcode}`, { code: 190, subcode, httpStatus: 400 }, 'reauth', false]),
  ['190 without subcode', { code: 190, httpStatus: 401 }, 'reauth', false],
  ['102 session', { code: 102, httpStatus: 400 }, 'reauth', false],
  // checkpointed / restricted
  ['190/459 checkpoint', { code: 190, subcode: 459, httpStatus: 400 }, 'userAction', false],
  ['25/2207050 restricted', { code: 25, subcode: 2207050, httpStatus: 400 }, 'userAction', false],
  // permission
  ['10 permission', { code: 10, httpStatus: 403 }, 'permission', false],
  ['200 permission', { code: 200, httpStatus: 403 }, 'permission', false],
  ['250 permission', { code: 250, httpStatus: 403 }, 'permission', false],
  ['299 permission', { code: 299, httpStatus: 403 }, 'permission', false],
  ['3 capability', { code: 3, httpStatus: 400 }, 'permission', false],
  // spam
  ['4/2207051 spam', { code: 4, subcode: 2207051, httpStatus: 400 }, 'spam', true],
  // invalid media or params
  ...(
    [
      [36000, 2207004],
      [36001, 2207005],
      [36003, 2207009],
      [36004, 2207010],
      [100, 2207028],
      [100, 2207040],
      [110, 2207018],
      [352, 2207026],
      [1, 2207057],
    ] as const
  ).map(([code, subcode]): Row => [`${code}/${subcode}`, { code, subcode, httpStatus: 400 }, 'invalid', false]),
  // temporarily blocked
  ['368 blocked', { code: 368, httpStatus: 400 }, 'fatal', false],
  // outside the table
  ['unknown 4xx', { code: 999999, httpStatus: 400 }, 'fatal', false],
  ['bare 404', { httpStatus: 404 }, 'fatal', false],
];

describe('classifyGraphError (§3 table)', () => {
  it.each(SECTION_3)('%s', (_label, input, expected, outcomeUnknown) => {
    const result = classifyGraphError(input);
    expect(result.class).toBe(expected);
    expect(result.outcomeUnknown).toBe(outcomeUnknown);
  });

  it('lets a Graph code win over a 5xx status', () => {
    expect(classifyGraphError({ code: 190, subcode: 463, httpStatus: 500 }).class).toBe('reauth');
  });

  it('attaches the rate-limit hint to the classification', () => {
    expect(classifyGraphError({ code: 4, httpStatus: 400, headers: { 'Retry-After': '30' } })).toEqual({
      class: 'throttled',
      outcomeUnknown: false,
      retryAfterMs: 30_000,
    });
  });
});

describe('retryAfterFromHeaders', () => {
  it('reads estimated_time_to_regain_access (minutes) from X-Business-Use-Case-Usage, taking the longest', () => {
    const header = JSON.stringify({
      '1': [{ type: 'instagram', estimated_time_to_regain_access: 2 }],
      '2': [{ type: 'pages', estimated_time_to_regain_access: 5 }],
    });
    expect(retryAfterFromHeaders({ 'x-business-use-case-usage': header })).toBe(300_000);
  });

  it('reads X-App-Usage and Retry-After, and takes the larger', () => {
    expect(retryAfterFromHeaders({ 'X-App-Usage': '{"call_count":100,"estimated_time_to_regain_access":1}', 'retry-after': '90' })).toBe(90_000);
  });

  it('reads an HTTP-date Retry-After against the given clock', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterFromHeaders({ 'retry-after': 'Wed, 01 Jan 2025 00:00:45 GMT' }, now)).toBe(45_000);
  });

  it('ignores zero, malformed and absent hints', () => {
    expect(retryAfterFromHeaders({ 'x-app-usage': '{"call_count":10,"estimated_time_to_regain_access":0}' })).toBeUndefined();
    expect(retryAfterFromHeaders({ 'x-business-use-case-usage': 'not json' })).toBeUndefined();
    expect(retryAfterFromHeaders({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterFromHeaders(undefined)).toBeUndefined();
  });
});

describe('userMessageFor', () => {
  it('explains public HTTPS URLs for download failures', () => {
    expect(userMessageFor({ class: 'newContainer', code: 9004, subcode: 2207052 })).toMatch(/public HTTPS/);
    expect(userMessageFor({ class: 'newContainer', code: -2, subcode: 2207003 })).toMatch(/localhost/);
  });

  it('names the missing scope', () => {
    expect(userMessageFor({ class: 'permission', requiredScopes: ['instagram_business_content_publish'] })).toContain(
      '"instagram_business_content_publish"',
    );
  });

  it('prefers its own text for known invalid subcodes and Meta\'s for the rest', () => {
    expect(userMessageFor({ class: 'invalid', subcode: 2207009, metaUserMessage: 'x' })).toMatch(/aspect ratio/);
    expect(userMessageFor({ class: 'invalid', subcode: 1, metaUserMessage: 'Meta says no' })).toBe('Meta says no');
  });

  it('tells the editor a publish with an unknown outcome will be checked', () => {
    expect(userMessageFor({ class: 'transient', outcomeUnknown: true, intent: 'publish' })).toMatch(/checked before/);
  });
});

describe('InstagramApiError', () => {
  it('is recognised by isInstagramApiError and serialises only its own safe fields', () => {
    const error = new InstagramApiError({ message: 'm', class: 'defer', userMessage: 'u', code: 9, subcode: 2207042, httpStatus: 400 });
    expect(isInstagramApiError(error)).toBe(true);
    expect(isInstagramApiError(new Error('m'))).toBe(false);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InstagramApiError');
    expect(error.outcomeUnknown).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'InstagramApiError',
      message: 'm',
      class: 'defer',
      userMessage: 'u',
      code: 9,
      subcode: 2207042,
      httpStatus: 400,
      outcomeUnknown: false,
    });
  });

  it('copies with changes', () => {
    const error = new InstagramApiError({ message: 'm', class: 'transient', userMessage: 'u' }).with({ attempts: 3 });
    expect(error.attempts).toBe(3);
    expect(error.class).toBe('transient');
  });
});
