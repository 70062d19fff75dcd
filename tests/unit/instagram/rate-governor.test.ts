import { isInstagramApiError } from '../../../server/src/instagram/errors';
import { createRateGovernor, DEFAULT_RATE_LIMITS, type CallScope, type RateLimitSettings } from '../../../server/src/instagram/rate-governor';
import type { UsageCounters, UsageReport } from '../../../server/src/instagram/usage';

const ACCOUNT = '17841400000000001';
const OTHER = '17841400000000002';
const at = (level: number): UsageCounters => ({ callCount: level, totalCputime: 1, totalTime: 1 });
const appReport = (level: number): UsageReport => ({ app: at(level), accounts: [] });
const accountReport = (id: string, level: number, regainAccessMs = 0): UsageReport => ({ accounts: [{ id, counters: at(level), regainAccessMs }] });
const call = (patch: Partial<CallScope> = {}): CallScope => ({ app: 'instagram', operation: 'getMedia', bearer: 'token-a', ...patch });

/** A governor on a fake clock whose sleeps advance the clock and are recorded. */
const setup = (patch: Partial<RateLimitSettings> = {}) => {
  let clock = 1_000_000;
  const sleeps: number[] = [];
  /** When each sleeping call woke up, on the fake clock. */
  const wakes: number[] = [];
  const settings = { ...DEFAULT_RATE_LIMITS, ...patch };
  const governor = createRateGovernor(() => settings, {
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
      wakes.push(clock);
    },
  });
  return { governor, sleeps, wakes, settings, advance: (ms: number) => (clock += ms), now: () => clock };
};

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (isInstagramApiError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('rate governor', () => {
  it('lets calls go at once at or under slowAbove', async () => {
    const { governor, sleeps } = setup();
    governor.observe(call(), appReport(75), { ok: true });
    for (let i = 0; i < 5; i++) await governor.acquire(call());
    expect(sleeps).toEqual([]);
  });

  it('spaces calls proportionally to how far usage is above slowAbove', async () => {
    // Given: 90 % is 15/20 of the way from 75 to 95, with 2 s spacing at 95
    const { governor, now, wakes, sleeps } = setup({ maxSpacingMs: 2000 });
    governor.observe(call(), appReport(90), { ok: true });
    const start = now();
    // When: three calls come at the same instant
    await Promise.all([governor.acquire(call()), governor.acquire(call()), governor.acquire(call())]);
    // Then: the first goes 1.5 s after the answer that reported 90 %, the others 1.5 s after the one before
    expect(sleeps).toHaveLength(3);
    expect(wakes.map((t) => t - start)).toEqual([1500, 3000, 4500]);
    expect(governor.snapshot().apps.instagram.spacingMs).toBe(1500);
  });

  it('spaces less at 80 % than at 94 %', async () => {
    const low = setup();
    low.governor.observe(call(), appReport(80), { ok: true });
    const high = setup();
    high.governor.observe(call(), appReport(94), { ok: true });
    expect(low.governor.snapshot().apps.instagram.spacingMs).toBe(500);
    expect(high.governor.snapshot().apps.instagram.spacingMs).toBe(1900);
  });

  it('pauses an app at pauseAbove for the configured window, then lets calls through', async () => {
    const { governor, sleeps, advance } = setup({ pauseWindowMs: 8000, maxWaitMs: 10_000 });
    governor.observe(call(), appReport(96), { ok: true });
    expect(governor.snapshot().apps.instagram.pausedUntil).not.toBeNull();
    // A call within maxWaitMs waits once for the end of the pause (no polling)
    await governor.acquire(call({ app: 'instagram' }));
    expect(sleeps[0]).toBe(8000);
    // The other app is not affected
    await governor.acquire(call({ app: 'facebook', bearer: 'token-b' }));
    expect(sleeps).toHaveLength(1);
    advance(1);
    expect(governor.snapshot().apps.instagram.pausedUntil).toBeNull();
  });

  it('refuses a call that would wait longer than maxWaitMs, with the wait as retryAfterMs', async () => {
    const { governor, sleeps } = setup({ pauseWindowMs: 60_000, maxWaitMs: 5000 });
    governor.observe(call(), appReport(97), { ok: true });
    const error = await refusal(governor.acquire(call()));
    expect(error.class).toBe('throttled');
    expect(error.retryAfterMs).toBe(60_000);
    expect(error.outcomeUnknown).toBe(false);
    expect(sleeps).toEqual([]);
  });

  it('uses estimated_time_to_regain_access when Meta gives it', async () => {
    const { governor } = setup({ maxWaitMs: 0 });
    governor.observe(call(), accountReport(ACCOUNT, 100, 3 * 60_000), { ok: false, throttle: { code: 80002 } });
    const error = await refusal(governor.acquire(call()));
    expect(error.retryAfterMs).toBe(180_000);
  });

  it('doubles the pause for repeated throttling, capped at maxPauseMs, and a clean answer resets it', async () => {
    const { governor, advance, now } = setup({ pauseWindowMs: 1000, maxPauseMs: 3000, maxWaitMs: 0 });
    const pausedFor = () => Date.parse(governor.snapshot().apps.instagram.pausedUntil!) - now();
    const throttle = { ok: false, throttle: { code: 4 } };
    governor.observe(call(), {accounts: []}, throttle);
    expect(pausedFor()).toBe(1000);
    advance(1000);
    governor.observe(call(), {accounts: []}, throttle);
    expect(pausedFor()).toBe(2000);
    advance(2000);
    governor.observe(call(), {accounts: []}, throttle);
    expect(pausedFor()).toBe(3000);
    // A throttling answer while the pause runs is the same burst: no new strike
    governor.observe(call(), {accounts: []}, throttle);
    expect(pausedFor()).toBe(3000);
    advance(3000);
    governor.observe(call(), appReport(20), { ok: true });
    governor.observe(call(), {accounts: []}, throttle);
    expect(pausedFor()).toBe(1000);
  });

  it('pauses only the account Meta names in a BUC throttle, and learns which token belongs to it', async () => {
    const { governor } = setup({ maxWaitMs: 0, pauseWindowMs: 30_000 });
    // Given: token-a's calls count against ACCOUNT
    governor.observe(call(), accountReport(ACCOUNT, 10), { ok: true });
    // When: a call of token-a is throttled for ACCOUNT
    governor.observe(call(), accountReport(ACCOUNT, 100), { ok: false, throttle: { code: 80002 } });
    // Then: another call of token-a (any path) is held; another account's token and the app go on
    await expect(governor.acquire(call({ operation: 'getContainerStatus', pathIds: ['99999999'] }))).rejects.toMatchObject({ class: 'throttled' });
    await expect(governor.acquire(call({ bearer: 'token-b', pathIds: [OTHER] }))).resolves.toBeUndefined();
    await expect(governor.acquire(call({ bearer: undefined }))).resolves.toBeUndefined();
    // A call naming the account in its path is held even with another token
    await expect(governor.acquire(call({ bearer: 'token-c', pathIds: [ACCOUNT] }))).rejects.toMatchObject({ class: 'throttled' });
    expect(governor.snapshot().accounts).toEqual([expect.objectContaining({ id: ACCOUNT, usage: at(100), pausedUntil: expect.any(String) })]);
  });

  it('pauses the token when a per-account throttle names no account', async () => {
    const { governor } = setup({ maxWaitMs: 0 });
    governor.observe(call(), { accounts: [] }, { ok: false, throttle: { code: 17 } });
    await expect(governor.acquire(call())).rejects.toMatchObject({ class: 'throttled' });
    await expect(governor.acquire(call({ bearer: 'token-b' }))).resolves.toBeUndefined();
  });

  it('follows a throttle hint (Retry-After) when it is the only clue', async () => {
    const { governor } = setup({ maxWaitMs: 0 });
    governor.observe(call(), { accounts: [] }, { ok: false, throttle: { httpStatus: 429, retryAfterMs: 2000 } });
    await expect(governor.acquire(call())).rejects.toMatchObject({ retryAfterMs: 2000 });
  });

  it('records usage but never holds a call when disabled', async () => {
    const { governor, sleeps } = setup({ enabled: false, maxWaitMs: 0 });
    governor.observe(call(), appReport(99), { ok: false, throttle: { code: 4 } });
    await governor.acquire(call());
    expect(sleeps).toEqual([]);
    expect(governor.snapshot().apps.instagram).toMatchObject({ usage: at(99), pausedUntil: null, spacingMs: 0 });
  });

  it('forgets usage older than an hour', () => {
    const { governor, advance } = setup();
    governor.observe(call(), appReport(90), { ok: true });
    advance(60 * 60_000);
    expect(governor.snapshot().apps.instagram).toMatchObject({ usage: null, spacingMs: 0 });
  });

  it('never keeps the token itself', () => {
    const { governor } = setup();
    governor.observe(call({ bearer: 'IGAAsecret-token' }), accountReport(ACCOUNT, 80), { ok: true });
    expect(JSON.stringify(governor.snapshot())).not.toContain('IGAAsecret-token');
  });

  describe('a pause that begins while a call waits for its slot', () => {
    /** A governor whose sleeps wait until the test wakes them, so answers can arrive meanwhile. */
    const manual = (patch: Partial<RateLimitSettings> = {}) => {
      let clock = 1_000_000;
      const sleeping: Array<{ until: number; wake: () => void }> = [];
      const settings = { ...DEFAULT_RATE_LIMITS, ...patch };
      const governor = createRateGovernor(() => settings, {
        now: () => clock,
        sleep: (ms) => new Promise<void>((resolve) => sleeping.push({ until: clock + ms, wake: resolve })),
      });
      const flush = () => new Promise((resolve) => setImmediate(resolve));
      return {
        governor,
        sleeping,
        now: () => clock,
        advance: (ms: number) => (clock += ms),
        /** Wakes the earliest sleeper at its time. */
        async wakeNext() {
          sleeping.sort((a, b) => a.until - b.until);
          const next = sleeping.shift()!;
          clock = Math.max(clock, next.until);
          next.wake();
          await flush();
        },
      };
    };

    it('holds the call until that pause is over instead of sending it at its slot', async () => {
      // Given usage at 90 % (calls spaced 1.5 s) and a call waiting for its slot
      const { governor, advance, wakeNext, now } = manual({ maxSpacingMs: 2_000, pauseWindowMs: 3_000 });
      governor.observe(call(), appReport(90), { ok: true });
      let sentAt: number | null = null;
      const waiting = governor.acquire(call()).then(() => (sentAt = now()));
      // When, half a second later, the answer of a call already in flight says the app is throttled
      advance(500);
      const pausedAt = now();
      governor.observe(call(), appReport(100), { ok: false, throttle: { code: 4 } });
      // Then the call does not go when its slot comes up, 1 s later...
      await wakeNext();
      expect(sentAt).toBeNull();
      // ...but once the 3 s pause is over
      await wakeNext();
      await waiting;
      expect(sentAt).toBe(pausedAt + 3_000);
    });

    it('refuses the call when the pause that began meanwhile is longer than maxWaitMs', async () => {
      // Given a call waiting for its slot
      const { governor, advance, wakeNext } = manual({ maxSpacingMs: 2_000, maxWaitMs: 5_000 });
      governor.observe(call(), appReport(90), { ok: true });
      const waiting = refusal(governor.acquire(call()));
      // When Meta asks for 10 minutes of quiet on the account meanwhile
      advance(100);
      governor.observe(call(), accountReport(ACCOUNT, 100, 600_000), { ok: false, throttle: { code: 80002, retryAfterMs: 600_000 } });
      await wakeNext();
      // Then it is handed back as throttled, with the wait left, instead of being held or sent
      const error = await waiting;
      expect(error.class).toBe('throttled');
      expect(error.retryAfterMs).toBeGreaterThan(590_000);
    });
  });
});
