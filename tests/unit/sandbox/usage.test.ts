import { BRAND_ID, getJson, igGet, igPost, useSandbox } from './helpers';

describe('sandbox: rate-limit usage headers and throttling', () => {
  const sandbox = useSandbox();

  const usageOf = (headers: Headers) => ({
    app: JSON.parse(headers.get('x-app-usage')!),
    buc: JSON.parse(headers.get('x-business-use-case-usage') ?? 'null'),
  });

  it('serves both headers on every graph answer, keyed by the account of the token, at 0 % by default', async () => {
    const r = await igGet(sandbox.sb, '/me', sandbox.token);
    expect(r.status).toBe(200);
    const { app, buc } = usageOf(r.headers);
    expect(app).toEqual({ call_count: 0, total_cputime: 0, total_time: 0 });
    expect(buc[BRAND_ID]).toEqual([{ type: 'instagram', call_count: 0, total_cputime: 0, total_time: 0, estimated_time_to_regain_access: 0 }]);
  });

  it('reports the level set by the test, per app and per account, on errors too', async () => {
    sandbox.sb.set({ usage: { app: 90, accounts: { [BRAND_ID]: 96 } } });
    const ok = await igGet(sandbox.sb, '/me', sandbox.token);
    expect(usageOf(ok.headers).app.call_count).toBe(90);
    expect(usageOf(ok.headers).buc[BRAND_ID][0].total_time).toBe(96);
    // An error answer (unknown container) carries them as well
    const missing = await igGet(sandbox.sb, '/99999999999', sandbox.token);
    expect(missing.status).toBe(400);
    expect(usageOf(missing.headers).buc[BRAND_ID][0].call_count).toBe(96);
  });

  it('throttles an account at 100 % with 80002 and the regain hint, and an app with code 4', async () => {
    sandbox.sb.set({ usage: { account: 100, regainMinutes: 3 } });
    const r = await igPost(sandbox.sb, `/${BRAND_ID}/media`, sandbox.token, { image_url: 'https://cdn.example.com/a.jpg' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 80002, is_transient: true });
    expect(usageOf(r.headers).buc[BRAND_ID][0]).toMatchObject({ call_count: 100, estimated_time_to_regain_access: 3 });
    // Nothing was created
    expect(sandbox.sb.listContainers(BRAND_ID)).toHaveLength(0);

    sandbox.sb.set({ usage: { app: 100, account: 0 } });
    expect((await igGet(sandbox.sb, '/me', sandbox.token)).body.error.code).toBe(4);
    sandbox.sb.set({ usage: { app: 0, account: 100, throttleCode: 32 } });
    expect((await igGet(sandbox.sb, '/me', sandbox.token)).body.error.code).toBe(32);
  });

  it('leaves the token endpoints of api.instagram.com and the pages without usage headers', async () => {
    const r = await getJson(`${sandbox.sb.url}/healthz`);
    expect(r.headers.get('x-app-usage')).toBeNull();
    const exchange = await fetch(`${sandbox.sb.endpoints.instagramApi}/oauth/access_token`, { method: 'POST' });
    expect(exchange.headers.get('x-app-usage')).toBeNull();
  });
});
