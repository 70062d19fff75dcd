import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { faults, signedRequest, webhookSignature } from '../../sandbox';
import { BRAND_ID, getJson, igGet, igPost, sleep, useSandbox } from './helpers';

describe('sandbox: fault injection, call log and helpers', () => {
  const sandbox = useSandbox();

  const create = () => igPost(sandbox.sb, `/${BRAND_ID}/media`, sandbox.token, { image_url: 'https://cdn.example.com/a.jpg' });
  const publish = (id: string) => igPost(sandbox.sb, `/${BRAND_ID}/media_publish`, sandbox.token, { creation_id: id });

  describe('inject', () => {
    it('hits the next N matching calls only', async () => {
      const handle = sandbox.sb.inject({ match: { method: 'POST', path: `/${BRAND_ID}/media` }, times: 2, error: faults.transient(2) });
      const a = await create();
      const b = await create();
      const c = await create();
      expect([a.status, b.status, c.status]).toEqual([500, 500, 200]);
      expect(a.body.error).toMatchObject({ code: 2, is_transient: true });
      expect(handle.hits).toBe(2);
      expect(sandbox.sb.count({ path: `/${BRAND_ID}/media` })).toBe(3);
      expect(sandbox.sb.findCalls({ path: `/${BRAND_ID}/media` }).map((x) => x.fault)).toEqual(['error 2', 'error 2', undefined]);
    });

    it('matches by api, path RegExp and params; rate 0 never fires and rate 1 always does', async () => {
      sandbox.sb.inject({ match: { api: 'facebookGraph' }, error: faults.transient() });
      sandbox.sb.inject({ match: { path: /\/media$/ }, rate: 0, error: faults.transient() });
      expect((await create()).status).toBe(200);
      sandbox.sb.clearFaults();
      sandbox.sb.inject({ match: { path: /\/media$/, params: { image_url: /cdn\.example/ } }, rate: 1, error: faults.spam() });
      expect((await create()).body.error).toMatchObject({ code: 4, error_subcode: 2207051 });
      expect((await create()).body.error).toMatchObject({ code: 4, error_subcode: 2207051 });
    });

    it('sends throttling headers with the estimated time to regain access', async () => {
      sandbox.sb.inject({ match: { path: '/me' }, times: 1, error: faults.throttled(80002, { minutes: 7, businessId: BRAND_ID }) });
      const r = await igGet(sandbox.sb, '/me', sandbox.token);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe(80002);
      const usage = JSON.parse(r.headers.get('x-business-use-case-usage')!);
      expect(usage[BRAND_ID][0].estimated_time_to_regain_access).toBe(7);
      expect(r.headers.get('x-app-usage')).toContain('call_count');
    });

    it('afterEffect publishes for real but answers the error: status_code tells the truth', async () => {
      const id = (await create()).body.id;
      sandbox.sb.inject({ match: { path: `/${BRAND_ID}/media_publish` }, times: 1, afterEffect: true, error: faults.transient(1, 503) });
      const r = await publish(id);
      expect(r.status).toBe(503);
      expect(sandbox.sb.listMedia(BRAND_ID)).toHaveLength(1);
      expect((await igGet(sandbox.sb, `/${id}`, sandbox.token, { fields: 'status_code' })).body.status_code).toBe('PUBLISHED');
      expect(sandbox.sb.quotaUsage(BRAND_ID)).toBe(1);
    });

    it('delays (to trip client timeouts) and drops connections', async () => {
      sandbox.sb.inject({ match: { path: '/me' }, times: 1, delayMs: 300 });
      const t0 = Date.now();
      await expect(fetch(`${sandbox.sb.endpoints.instagramGraph}/v24.0/me`, { headers: { authorization: `Bearer ${sandbox.token}` }, signal: AbortSignal.timeout(100) })).rejects.toThrow();
      expect(Date.now() - t0).toBeLessThan(250);
      await sleep(300);
      sandbox.sb.inject({ match: { path: '/me' }, times: 1, dropConnection: true });
      await expect(igGet(sandbox.sb, '/me', sandbox.token)).rejects.toThrow();
      expect(sandbox.sb.lastCall({ path: '/me' })!.status).toBe(0);
      expect((await igGet(sandbox.sb, '/me', sandbox.token)).status).toBe(200);
    });

    it('turns the created container to ERROR with containerError', async () => {
      sandbox.sb.inject({ match: { path: `/${BRAND_ID}/media` }, times: 1, containerError: { subcode: 2207032 } });
      const id = (await create()).body.id;
      const s = (await igGet(sandbox.sb, `/${id}`, sandbox.token, { fields: 'status_code,status' })).body;
      expect(s.status_code).toBe('ERROR');
      expect(s.status).toContain('(2207032)');
    });

    it('can answer a non-JSON 502 as a proxy would', async () => {
      sandbox.sb.inject({ match: { path: '/me' }, times: 1, error: faults.badGateway() });
      const r = await fetch(`${sandbox.sb.endpoints.instagramGraph}/v24.0/me`, { headers: { authorization: `Bearer ${sandbox.token}` } });
      expect(r.status).toBe(502);
      expect(r.headers.get('content-type')).toContain('text/html');
    });
  });

  describe('call log', () => {
    it('records method, api, unversioned path, version, query, body, status and response; keeps tokens', async () => {
      await getJson(`${sandbox.sb.endpoints.instagramGraph}/v23.0/me?fields=username&access_token=${sandbox.token}`);
      await create();
      const me = sandbox.sb.lastCall({ path: '/me' })!;
      expect(me).toMatchObject({ method: 'GET', api: 'instagramGraph', version: 'v23.0', status: 200, token: sandbox.token, query: { fields: 'username', access_token: sandbox.token } });
      expect(me.response).toEqual({ id: '26000000000000001', username: 'sandbox_brand' });
      const post = sandbox.sb.lastCall({ method: 'post' })!;
      expect(post.body).toEqual({ image_url: 'https://cdn.example.com/a.jpg' });
      expect(sandbox.sb.count({ api: 'instagramGraph' })).toBe(2);
      sandbox.sb.clearCalls();
      expect(sandbox.sb.calls).toHaveLength(0);
    });

    it('answers unknown paths Graph-style and unknown prefixes with a 404; healthz is not logged', async () => {
      const r = await getJson(`${sandbox.sb.endpoints.facebookGraph}/v24.0/a/b/c/d`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe(2500);
      const unknownId = await igGet(sandbox.sb, '/999999', sandbox.token);
      expect(unknownId.body.error).toMatchObject({ code: 100, error_subcode: 33 });
      expect((await getJson(`${sandbox.sb.url}/nothing-here`)).status).toBe(404);
      const health = await fetch(`${sandbox.sb.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('ok');
      expect(sandbox.sb.count({ path: '/healthz' })).toBe(0);
    });

    it('notifies listeners', async () => {
      const seen: string[] = [];
      const off = sandbox.sb.onCall((c) => seen.push(c.path));
      await igGet(sandbox.sb, '/me', sandbox.token);
      off();
      await igGet(sandbox.sb, '/me', sandbox.token);
      expect(seen).toEqual(['/me']);
    });
  });

  describe('signatures', () => {
    it('builds signed_request as b64url(HMAC-SHA256 of the payload part).b64url(JSON)', () => {
      const sr = sandbox.sb.signedRequest({ user_id: '26000000000000001' }, 'sandbox-ig-secret');
      const [sig, payload] = sr.split('.');
      expect(sig).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(sr).not.toContain('=');
      expect(createHmac('sha256', 'sandbox-ig-secret').update(payload).digest('base64url')).toBe(sig);
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      expect(decoded).toEqual({ algorithm: 'HMAC-SHA256', issued_at: expect.any(Number), user_id: '26000000000000001' });
      expect(decoded.issued_at).toBe(Math.floor(sandbox.sb.clock.now() / 1000));
      expect(signedRequest({ user_id: '1', issued_at: 5 }, 's')).toContain(Buffer.from(JSON.stringify({ algorithm: 'HMAC-SHA256', issued_at: 5, user_id: '1' })).toString('base64url'));
    });

    it('signs webhooks as sha256=<hex> and can deliver both callbacks', async () => {
      const raw = JSON.stringify({ object: 'instagram', entry: [] });
      expect(webhookSignature(raw, 'k')).toBe(`sha256=${createHmac('sha256', 'k').update(raw).digest('hex')}`);
      const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
      const receiver = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"url":"https://x/status","confirmation_code":"abc"}');
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`;
      try {
        const del = await sandbox.sb.sendSignedRequest(url, { user_id: '26000000000000001' }, 'sandbox-ig-secret');
        expect(del.status).toBe(200);
        expect(new URLSearchParams(received[0].body).get('signed_request')).toMatch(/^[\w-]+\.[\w-]+$/);
        await sandbox.sb.sendWebhook(url, { object: 'instagram', entry: [{ id: BRAND_ID }] }, 'sandbox-ig-secret');
        expect(received[1].headers['x-hub-signature-256']).toBe(webhookSignature(received[1].body, 'sandbox-ig-secret'));
      } finally {
        await new Promise<void>((r) => receiver.close(() => r()));
      }
    });
  });

  describe('run-time options, reset and scale', () => {
    it('adds latency to every API answer', async () => {
      sandbox.sb.set({ latencyMs: 80 });
      const t0 = Date.now();
      await igGet(sandbox.sb, '/me', sandbox.token);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
    });

    it('reset restores fixtures, options, clock, faults and the log', async () => {
      sandbox.sb.set({ quotaTotal: 1 });
      sandbox.sb.clock.advance(1e9);
      sandbox.sb.inject({ error: faults.transient() });
      sandbox.sb.accounts.addInstagramAccount({ username: 'temp_account' });
      sandbox.sb.reset();
      expect(sandbox.sb.options.quotaTotal).toBe(50);
      expect(Math.abs(sandbox.sb.clock.now() - Date.now())).toBeLessThan(1000);
      expect(sandbox.sb.accounts.getInstagramAccount('temp_account')).toBeUndefined();
      expect(sandbox.sb.accounts.tokenInfo(sandbox.token)).toBeUndefined();
      expect(sandbox.sb.calls).toHaveLength(0);
      const fresh = sandbox.sb.issueToken({ kind: 'instagram', account: 'sandbox_brand' }).accessToken;
      expect((await igGet(sandbox.sb, '/me', fresh)).status).toBe(200);
    });

    it('seeds 10,000 accounts and tokens cheaply, each with distinct ids', async () => {
      const t0 = Date.now();
      const tokens: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const a = sandbox.sb.accounts.addInstagramAccount({ username: `bench_${i}` });
        tokens.push(sandbox.sb.issueToken({ kind: 'instagram', account: a.userId }).accessToken);
      }
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(new Set(sandbox.sb.accounts.listInstagramAccounts().map((a) => a.userId)).size).toBe(10_005);
      const r = await igGet(sandbox.sb, '/me', tokens[9_999], { fields: 'user_id,username' });
      expect(r.body.username).toBe('bench_9999');
      expect(r.body.user_id).not.toBe(r.body.id);
      // The consent page stays small however many accounts exist.
      const page = await fetch(
        `${sandbox.sb.endpoints.instagramAuthorize}?client_id=sandbox-ig-app&redirect_uri=http://127.0.0.1/cb&response_type=code&scope=instagram_business_basic`,
      );
      expect(await page.text()).toContain('more: add');
    });
  });
});
