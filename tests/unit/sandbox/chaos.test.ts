import { CHAOS_KINDS, seededRandom, throttledAt, type SandboxChaos } from '../../sandbox';
import { FaultBook } from '../../sandbox/faults';
import { BRAND_ID, igGet, igPost, sleep, useSandbox } from './helpers';

const probe = (path = `/${BRAND_ID}/media`) => ({ method: 'POST', api: 'instagramGraph' as const, path, params: {}, account: BRAND_ID });

/** The labels a fresh book with this chaos gives `calls` matching calls (undefined: spared). */
const drawLabels = (spec: SandboxChaos, calls: number) => {
  const book = new FaultBook();
  book.addChaos(spec);
  return Array.from({ length: calls }, () => book.take(probe())?.label);
};

describe('sandbox: seeded chaos', () => {
  describe('drawing', () => {
    it('gives the same fates to the same calls for the same seed, and other fates for another seed', () => {
      // Given two books with the same seed and one with another
      const spec = { seed: 7, rate: 0.3 };
      // When each draws for 200 calls
      const first = drawLabels(spec, 200);
      const again = drawLabels(spec, 200);
      const other = drawLabels({ ...spec, seed: 8 }, 200);
      // Then the same seed repeats itself exactly, and another seed differs
      expect(again).toEqual(first);
      expect(other).not.toEqual(first);
    });

    it('hits about the asked share of calls and draws every kind weighted above 0 only', () => {
      // Given 10 % chaos without the two after-effect kinds
      const book = new FaultBook();
      const handle = book.addChaos({ seed: 42, rate: 0.1, weights: { timeoutAfterEffect: 0, dropAfterEffect: 0 } });
      // When 5,000 calls go through
      let hit = 0;
      for (let index = 0; index < 5_000; index += 1) if (book.take(probe())) hit += 1;
      // Then close to 10 % were hit, the kinds weighted 0 never, every other kind some of the time
      expect(hit / 5_000).toBeGreaterThan(0.085);
      expect(hit / 5_000).toBeLessThan(0.115);
      expect(handle.hits).toBe(hit);
      expect(handle.drawn.timeoutAfterEffect + handle.drawn.dropAfterEffect).toBe(0);
      for (const kind of CHAOS_KINDS.filter((k) => !k.endsWith('AfterEffect'))) expect(handle.drawn[kind]).toBeGreaterThan(0);
    });

    it('leaves calls outside its match alone and refuses nonsense settings', () => {
      const book = new FaultBook();
      book.addChaos({ seed: 1, rate: 1, match: { path: /\/media_publish$/ } });
      expect(book.take(probe(`/${BRAND_ID}/media`))).toBeUndefined();
      expect(book.take(probe(`/${BRAND_ID}/media_publish`))).toBeDefined();
      expect(() => book.addChaos({ seed: 1, rate: 2 })).toThrow(RangeError);
      expect(() => book.addChaos({ seed: 1.5, rate: 0.1 })).toThrow(RangeError);
      expect(() => book.addChaos({ seed: 1, rate: 0.1, weights: Object.fromEntries(CHAOS_KINDS.map((k) => [k, 0])) })).toThrow(RangeError);
    });

    it('seededRandom stays in 0..1 and repeats per seed', () => {
      const a = seededRandom(3);
      const b = seededRandom(3);
      const values = Array.from({ length: 1_000 }, () => a());
      expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
      expect(Array.from({ length: 1_000 }, () => b())).toEqual(values);
    });
  });

  describe('throttling headers', () => {
    it('puts an account code over the line on that account, and code 4 on the app', () => {
      const account = throttledAt(80002, BRAND_ID);
      expect(JSON.parse(account.headers!['x-business-use-case-usage'])[BRAND_ID][0]).toMatchObject({ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 0 });
      expect(account.headers!['x-app-usage']).toBeUndefined();
      const page = throttledAt(32, BRAND_ID, 97);
      expect(JSON.parse(page.headers!['x-page-usage'])).toEqual({ call_count: 97, total_cputime: 97, total_time: 97 });
      const app = throttledAt(4, BRAND_ID);
      expect(JSON.parse(app.headers!['x-app-usage']).call_count).toBe(100);
      expect(app.headers!['x-business-use-case-usage']).toBeUndefined();
    });
  });

  describe('over HTTP', () => {
    const sandbox = useSandbox();

    const create = () => igPost(sandbox.sb, `/${BRAND_ID}/media`, sandbox.token, { image_url: 'https://cdn.example.com/a.jpg' });

    it('a throttled hit answers Meta\'s error with the call\'s account over the line in its headers', async () => {
      // Given chaos that only throttles, on every call
      sandbox.sb.chaos({ seed: 5, rate: 1, weights: { transient: 0, serverError: 0, badGateway: 0, timeoutAfterEffect: 0, dropAfterEffect: 0 } });
      // When the account's token makes a call
      const r = await igGet(sandbox.sb, '/me', sandbox.token);
      // Then the answer is a throttling code with usage above 95 % where that code belongs
      expect([4, 17, 32, 613, 80002]).toContain(r.body.error.code);
      const header = r.body.error.code === 4 ? JSON.parse(r.headers.get('x-app-usage')!) : JSON.parse(r.headers.get('x-business-use-case-usage')!)[BRAND_ID][0];
      expect(header.call_count).toBeGreaterThan(95);
      expect(sandbox.sb.lastCall({ path: '/me' })!.fault).toMatch(/^chaos: throttled/);
    });

    it('a timeout after the effect publishes for real, answers nothing, and lets the client give up', async () => {
      // Given a finished container, and chaos that only hangs after the effect
      const id = (await create()).body.id;
      sandbox.sb.chaos({ seed: 9, rate: 1, match: { path: /\/media_publish$/ }, weights: { transient: 0, serverError: 0, badGateway: 0, dropAfterEffect: 0, throttled: 0 } });
      // When the client publishes with a 300 ms timeout
      const started = Date.now();
      const call = fetch(`${sandbox.sb.endpoints.instagramGraph}/v24.0/${BRAND_ID}/media_publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ creation_id: id }).toString(),
        signal: AbortSignal.timeout(300),
      });
      // Then the client times out, although the post went out
      await expect(call).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(sandbox.sb.listMedia(BRAND_ID)).toHaveLength(1);
      expect(sandbox.sb.getContainer(id)!.statusCode).toBe('PUBLISHED');
      // And the log notes the call once the client hung up, with no answer
      await sleep(50);
      const logged = sandbox.sb.lastCall({ path: `/${BRAND_ID}/media_publish` })!;
      expect(logged).toMatchObject({ status: 0, fault: 'chaos: no answer after the effect' });
    });

    it('a hang before the effect does nothing at all', async () => {
      sandbox.sb.inject({ match: { path: `/${BRAND_ID}/media` }, times: 1, hang: true });
      await expect(fetch(`${sandbox.sb.endpoints.instagramGraph}/v24.0/${BRAND_ID}/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'image_url=https%3A%2F%2Fcdn.example.com%2Fa.jpg',
        signal: AbortSignal.timeout(200),
      })).rejects.toThrow();
      await sleep(50);
      expect(sandbox.sb.listContainers(BRAND_ID)).toHaveLength(0);
      expect(sandbox.sb.lastCall({ path: `/${BRAND_ID}/media` })!.fault).toBe('no answer');
    });
  });
});
