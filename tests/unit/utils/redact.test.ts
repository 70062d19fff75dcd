import axios from 'axios';
import { REDACTED, redact, redactError } from '../../../server/src/utils/redact';
import { FakeGraph } from '../instagram/fake-graph';

const TOKEN = 'test-token-abc';
const SECRET = 'app-secret-test-123';
const CODE = 'test-auth-code-xyz';

describe('redact', () => {
  it('removes credential values from query strings but keeps ids and other params', () => {
    const out = redact(
      `GET https://graph.instagram.com/access_token?grant_type=ig_exchange_token&client_secret=${SECRET}&access_token=${TOKEN}&client_id=1001`,
    );
    expect(out).toBe(
      `GET https://graph.instagram.com/access_token?grant_type=ig_exchange_token&client_secret=${REDACTED}&access_token=${REDACTED}&client_id=1001`,
    );
  });

  it('covers every sensitive key in a form body', () => {
    const out = redact(
      `code=${CODE}&fb_exchange_token=t1-value&input_token=t2-value&appsecret_proof=abcdef0123&signed_request=sig.payload&redirect_uri=https%3A%2F%2Fx.example%2Fcb`,
    );
    for (const leaked of [CODE, 't1-value', 't2-value', 'abcdef0123', 'sig.payload']) expect(out).not.toContain(leaked);
    expect(out).toContain('redirect_uri=https%3A%2F%2Fx.example%2Fcb');
  });

  it('covers a URL nested percent-encoded inside another parameter', () => {
    const out = redact(`next=https%3A%2F%2Fx.example%2Fcb%3Fcode%3D${CODE}%26state%3Dabc`);
    expect(out).not.toContain(CODE);
    expect(out).toContain('state%3Dabc');
  });

  it('covers JSON, escaped JSON and util.inspect output, but keeps numeric Graph error codes', () => {
    const json = JSON.stringify({ access_token: TOKEN, code: 190, user_id: '42' });
    expect(redact(json)).toBe(`{"access_token":"${REDACTED}","code":190,"user_id":"42"}`);
    const escaped = JSON.stringify({ body: JSON.stringify({ access_token: TOKEN }) });
    expect(redact(escaped)).not.toContain(TOKEN);
    expect(redact(`{ accessToken: '${TOKEN}', code: '${CODE}' }`)).toBe(`{ accessToken: '${REDACTED}', code: '${REDACTED}' }`);
  });

  it('removes Authorization header values and bearer tokens in free text', () => {
    expect(redact(`GET /me HTTP/1.1\r\nAuthorization: Bearer ${TOKEN}\r\nHost: x`)).toBe(`GET /me HTTP/1.1\r\nAuthorization: Bearer ${REDACTED}\r\nHost: x`);
    expect(redact(`{"Authorization":"OAuth ${TOKEN}"}`)).not.toContain(TOKEN);
    expect(redact(`sent bearer ${TOKEN} to Meta`)).toBe(`sent bearer ${REDACTED} to Meta`);
    expect(redact('{"token_type":"bearer","expires_in":5183944}')).toBe('{"token_type":"bearer","expires_in":5183944}');
  });

  it('removes explicitly given secrets wherever they appear, in raw and encoded forms', () => {
    const secret = 'weird secret/with+chars';
    const text = `raw ${secret} enc ${encodeURIComponent(secret)} form ${new URLSearchParams({ s: secret }).toString().slice(2)} ${JSON.stringify({ x: `a"${secret}` })}`;
    const out = redact(text, [secret]);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain('weird+secret');
  });

  it('ignores secrets too short to be meaningful', () => {
    expect(redact('a b c', ['a', '', undefined])).toBe('a b c');
  });

  it('removes Meta-token-shaped strings pasted without a key', () => {
    // Built at run time so the source never contains a token-shaped literal.
    const lookalike = ['E', 'A', 'A'].join('') + 'x'.repeat(30);
    expect(redact(`user pasted ${lookalike} here`)).toBe(`user pasted ${REDACTED} here`);
  });
});

describe('redactError', () => {
  let fake: FakeGraph;
  beforeAll(async () => {
    fake = await FakeGraph.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('turns a real axios error into a plain object with no token, secret or code', async () => {
    // Given: a failed axios call carrying credentials in URL, params, body and header
    fake.on('POST', '/oauth', { status: 400, json: { error: { message: 'bad', code: 100 }, echo: { access_token: TOKEN } } });
    let thrown: unknown;
    try {
      await axios.post(`${fake.baseUrl}/oauth?client_secret=${SECRET}`, new URLSearchParams({ code: CODE, client_id: '1001' }).toString(), {
        params: { access_token: TOKEN },
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
    } catch (error) {
      thrown = error;
    }
    expect(axios.isAxiosError(thrown)).toBe(true);
    // The raw error really does carry the credentials.
    const rawDump = JSON.stringify((thrown as { config: unknown }).config) + String((thrown as { request: { _header: string } }).request._header);
    expect(rawDump).toContain(TOKEN);
    // When
    const safe = redactError(thrown);
    const serialized = JSON.stringify(safe);
    // Then
    for (const leaked of [TOKEN, SECRET, CODE]) expect(serialized).not.toContain(leaked);
    expect(safe).toMatchObject({ name: 'AxiosError', method: 'POST', httpStatus: 400, code: 'ERR_BAD_REQUEST' });
    expect(safe.url).toContain(`${fake.baseUrl}/oauth?`);
    expect(safe.responseBody).toContain('"code":100');
    expect(Object.keys(safe)).not.toEqual(expect.arrayContaining(['config', 'request', 'response']));
  });

  it('scrubs a token that only the axios config names, wherever it reappears', () => {
    // Given: a hand-made axios-like error whose message repeats the bare token
    const err = Object.assign(new Error(`failed for ${TOKEN}`), {
      isAxiosError: true as const,
      code: 'ECONNRESET',
      config: { method: 'get', url: 'https://graph.facebook.com/v24.0/me', params: { fields: 'id' }, headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    const safe = redactError(err);
    expect(safe.message).toBe(`failed for ${REDACTED}`);
    expect(safe.url).toBe('https://graph.facebook.com/v24.0/me?fields=id');
    expect(safe.code).toBe('ECONNRESET');
  });

  it('redacts plain errors, their causes and stacks, and non-errors', () => {
    const err = new Error(`refresh failed access_token=${TOKEN}`, { cause: new Error(`inner ${SECRET}`) });
    const safe = redactError(err, [SECRET]);
    expect(JSON.stringify(safe)).not.toContain(TOKEN);
    expect(JSON.stringify(safe)).not.toContain(SECRET);
    expect(safe.cause?.message).toBe(`inner ${REDACTED}`);
    expect(safe.stack).toContain('refresh failed');
    expect(redactError(`oops ${TOKEN}`, [TOKEN]).message).toBe(`oops ${REDACTED}`);
    const circular: Record<string, unknown> = { access_token: TOKEN };
    circular.self = circular;
    expect(redactError(circular).message).not.toContain(TOKEN);
  });

  it('keeps the safe classification fields of an InstagramApiError-like error', () => {
    const err = Object.assign(new Error('x'), { class: 'reauth', code: 190, subcode: 463, httpStatus: 400, outcomeUnknown: false, config: { url: `?access_token=${TOKEN}` } });
    const safe = redactError(err);
    expect(safe).toMatchObject({ class: 'reauth', code: 190, subcode: 463, httpStatus: 400, outcomeUnknown: false });
    expect(JSON.stringify(safe)).not.toContain(TOKEN);
  });
});
