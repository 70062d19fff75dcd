/**
 * Keeps the Graph client under Meta's rate limits, for every call of the client (publishing, token
 * refresh, profile reads): it remembers the latest usage Meta reported per app (X-App-Usage) and
 * per account (X-Business-Use-Case-Usage), and decides before each call whether it goes now, a
 * little later, or not until a pause is over.
 *
 * The rule, with the defaults (`rateLimits` in the plugin config):
 *  - at or under `slowAbove` (75 %) of every counter: calls go at once;
 *  - above it: calls of that app or account are spaced by `maxSpacingMs × (peak − slowAbove) /
 *    (pauseAbove − slowAbove)`, so 80 % spaces them by a quarter of `maxSpacingMs` and 94 % by
 *    nearly all of it. Slots are reserved, so concurrent calls queue instead of bursting;
 *  - at or above `pauseAbove` (95 %), or on a throttling error (codes 4, 17, 32, 613, 80000–80014,
 *    HTTP 429): no call of that app or account goes until Meta's `estimated_time_to_regain_access`
 *    when it gave one, else `pauseWindowMs` doubled for each pause in a row (capped at `maxPauseMs`);
 *    an answer under `pauseAbove` ends the run of pauses.
 * A call that would wait longer than `maxWaitMs` is not held: it fails at once with a `throttled`
 * error carrying `retryAfterMs`, which the publishing worker turns into a deferral. A call woken for
 * its slot looks again before it goes: a pause that began while it waited holds it as well.
 *
 * Which account a call counts against is learnt from Meta's own answers: the ids of
 * X-Business-Use-Case-Usage are remembered against a digest of the token that made the call
 * (never the token), so later calls with that token, whatever their path, share that account's state.
 * State is in memory, per Strapi instance.
 */
import { createHash } from 'node:crypto';
import { InstagramApiError, userMessageFor } from './errors';
import { peakOf, type UsageCounters, type UsageReport } from './usage';

export interface RateLimitSettings {
  /** false: usage is still recorded for the admin, but no call is spaced or paused. */
  enabled: boolean;
  /** Percent of any counter above which calls are spaced. */
  slowAbove: number;
  /** Percent of any counter at which calls pause. */
  pauseAbove: number;
  /** Spacing between two calls of one app or account at `pauseAbove` (scaled down linearly to 0 at `slowAbove`). */
  maxSpacingMs: number;
  /** Pause when Meta gives no regain hint; doubled for each pause in a row. */
  pauseWindowMs: number;
  /** Cap of the doubled pause. */
  maxPauseMs: number;
  /** Longest a call waits in place; a longer wait fails the call as `throttled` for its caller to retry. */
  maxWaitMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = Object.freeze({
  enabled: true,
  slowAbove: 75,
  pauseAbove: 95,
  maxSpacingMs: 2_000,
  pauseWindowMs: 60_000,
  maxPauseMs: 15 * 60_000,
  maxWaitMs: 10_000,
});

export type AppKind = 'instagram' | 'facebook';

/** What the governor knows of one call before it is sent. */
export interface CallScope {
  app: AppKind;
  operation: string;
  /** The call's bearer token; only its digest is kept. */
  bearer?: string;
  /** Numeric ids in the call's path (the account of `/{ig-user-id}/media`, a container, ...). */
  pathIds?: string[];
}

/** Why an answer was a throttling error, when it was one. */
export interface ThrottleInfo {
  code?: number;
  httpStatus?: number;
  /** Meta's hint (Retry-After or estimated_time_to_regain_access), when it gave one. */
  retryAfterMs?: number;
}

export interface ScopeUsage {
  /** Latest counters Meta reported, in percent; null before any. */
  usage: UsageCounters | null;
  observedAt: string | null;
  /** ISO time until which calls are paused; null when not paused. */
  pausedUntil: string | null;
  /** Current spacing between calls, in ms (0: full speed). */
  spacingMs: number;
}

export interface UsageSnapshot {
  apps: Record<AppKind, ScopeUsage>;
  /** The busiest accounts Meta reported usage for (at most 50), by Instagram account (or Page) id. */
  accounts: Array<ScopeUsage & { id: string }>;
}

interface ScopeState {
  counters?: UsageCounters;
  observedAt?: number;
  pausedUntil: number;
  /** The earliest time the next call of this scope may go (slot reservation). */
  nextFreeAt: number;
  /** Pauses in a row, for the doubling. */
  strikes: number;
}

export interface GovernorDeps {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: { warn(msg: string): void };
}

/** Usage older than Meta's rolling hour says nothing about now. */
const USAGE_TTL_MS = 60 * 60_000;
const MAX_TOKENS_REMEMBERED = 10_000;
const MAX_ACCOUNTS_SHOWN = 50;
/** Meta's app-level throttle; the others (17 user, 32 page, 613 custom, 80000–80014 business use case) are per account. */
const APP_THROTTLE_CODES = new Set([4]);

const digest = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 24);

export function createRateGovernor(settings: () => RateLimitSettings, deps: GovernorDeps = {}) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const scopes = new Map<string, ScopeState>();
  /** token digest → account ids Meta counted its calls against. */
  const tokenAccounts = new Map<string, Set<string>>();

  const state = (key: string): ScopeState => {
    let s = scopes.get(key);
    if (!s) {
      s = { pausedUntil: 0, nextFreeAt: 0, strikes: 0 };
      scopes.set(key, s);
    }
    return s;
  };

  const freshCounters = (s: ScopeState | undefined, at: number): UsageCounters | undefined =>
    s?.counters && s.observedAt !== undefined && at - s.observedAt < USAGE_TTL_MS ? s.counters : undefined;

  /** Spacing for a usage peak: 0 up to slowAbove, then linear up to maxSpacingMs at pauseAbove. */
  const spacingFor = (peak: number, cfg: RateLimitSettings): number => {
    if (peak <= cfg.slowAbove) return 0;
    const share = Math.min(1, (peak - cfg.slowAbove) / Math.max(1e-9, cfg.pauseAbove - cfg.slowAbove));
    return Math.round(cfg.maxSpacingMs * share);
  };

  const spacingOf = (s: ScopeState | undefined, at: number, cfg: RateLimitSettings): number => {
    const counters = freshCounters(s, at);
    return counters ? spacingFor(peakOf(counters), cfg) : 0;
  };

  /** The scope keys a call belongs to: its app, the accounts its token or path are known to count against, and its token. */
  const keysOf = (call: CallScope): { app: string; accounts: string[]; token?: string } => {
    const token = call.bearer ? `token:${digest(call.bearer)}` : undefined;
    const accounts = new Set<string>();
    if (token) for (const id of tokenAccounts.get(token) ?? []) accounts.add(`account:${id}`);
    for (const id of call.pathIds ?? []) if (scopes.has(`account:${id}`)) accounts.add(`account:${id}`);
    return { app: `app:${call.app}`, accounts: [...accounts], token };
  };

  const pause = (key: string, hintMs: number, at: number, cfg: RateLimitSettings, why: string): void => {
    const s = state(key);
    // A pause still running is not a new strike: concurrent answers of one burst count once.
    if (s.pausedUntil <= at) s.strikes += 1;
    const window = hintMs > 0 ? hintMs : Math.min(cfg.maxPauseMs, cfg.pauseWindowMs * 2 ** Math.max(0, s.strikes - 1));
    const until = at + window;
    if (until > s.pausedUntil) {
      s.pausedUntil = until;
      deps.logger?.warn(`Instagram API rate limit: pausing calls of ${key.replace(/^token:.*/, 'one connection')} for ${(window / 1000).toFixed(1)} s (${why})`);
    }
  };

  /** The refusal a call gets when it would wait longer than maxWaitMs: never sent, so its outcome is known. */
  const heldBack = (call: CallScope, waitMs: number, paused: boolean): InstagramApiError =>
    new InstagramApiError({
      message: `Instagram API ${call.operation}: not sent, ${paused ? 'calls are paused' : 'calls are spaced'} to respect Meta's rate limits; retry in ${Math.ceil(waitMs / 1000)} s`,
      class: 'throttled',
      userMessage: userMessageFor({ class: 'throttled', retryAfterMs: waitMs }),
      retryAfterMs: waitMs,
      outcomeUnknown: false,
      operation: call.operation,
    });

  return {
    /**
     * Waits until the call may go (a pause's end, or its spaced slot) without polling, and again if a pause began meanwhile;
     * throws a `throttled` InstagramApiError when that is more than `maxWaitMs` away.
     */
    async acquire(call: CallScope): Promise<void> {
      const cfg = settings();
      if (!cfg.enabled) return;
      const at = now();
      const { app, accounts, token } = keysOf(call);
      const keys = [app, ...accounts, ...(token ? [token] : [])];
      const pausedUntil = Math.max(0, ...keys.map((key) => scopes.get(key)?.pausedUntil ?? 0));
      let goAt = Math.max(at, pausedUntil);
      const spacings = keys.map((key) => spacingOf(scopes.get(key), at, cfg));
      keys.forEach((key, i) => {
        if (spacings[i] > 0) goAt = Math.max(goAt, scopes.get(key)?.nextFreeAt ?? 0);
      });
      const waitMs = goAt - at;
      if (waitMs > cfg.maxWaitMs) throw heldBack(call, waitMs, pausedUntil > at);
      // Reserve the slot before waiting, so the next call queues behind this one.
      keys.forEach((key, i) => {
        if (spacings[i] > 0) state(key).nextFreeAt = goAt + spacings[i];
      });
      if (waitMs <= 0) return;
      await sleep(waitMs);
      // A pause that began while this call waited for its slot holds it too: Meta asked for quiet
      // after the slot was given (an answer of a call already in flight), and the slot does not outrank that.
      for (;;) {
        const woke = now();
        const current = keysOf(call);
        const heldUntil = Math.max(0, ...[current.app, ...current.accounts, ...(current.token ? [current.token] : [])].map((key) => scopes.get(key)?.pausedUntil ?? 0));
        if (!settings().enabled || heldUntil <= woke) return;
        if (heldUntil - woke > settings().maxWaitMs) throw heldBack(call, heldUntil - woke, true);
        await sleep(heldUntil - woke);
      }
    },

    /** Records one answer's usage headers and, for an error, whether Meta was throttling. */
    observe(call: CallScope, report: UsageReport, outcome: { ok: boolean; throttle?: ThrottleInfo }): void {
      const cfg = settings();
      const at = now();
      const keys = keysOf(call);
      if (keys.token) {
        for (const account of report.accounts) {
          let ids = tokenAccounts.get(keys.token);
          if (!ids) {
            if (tokenAccounts.size >= MAX_TOKENS_REMEMBERED) tokenAccounts.delete(tokenAccounts.keys().next().value as string);
            ids = new Set();
            tokenAccounts.set(keys.token, ids);
          }
          ids.add(account.id);
        }
      }
      const record = (key: string, counters: UsageCounters, regainMs: number) => {
        const s = state(key);
        s.counters = counters;
        s.observedAt = at;
        const peak = peakOf(counters);
        if (!cfg.enabled) return;
        if (regainMs > 0 || peak >= cfg.pauseAbove) pause(key, regainMs, at, cfg, `usage at ${Math.round(peak)} %`);
        else s.strikes = 0;
        // The very next call is spaced from this answer too, not only from the calls that follow it.
        const spacing = spacingFor(peak, cfg);
        if (spacing > 0) s.nextFreeAt = Math.max(s.nextFreeAt, at + spacing);
      };
      if (report.app) record(keys.app, report.app, 0);
      for (const account of report.accounts) record(`account:${account.id}`, account.counters, account.regainAccessMs);
      if (!cfg.enabled) return;

      if (outcome.throttle) {
        const { code, httpStatus } = outcome.throttle;
        const hint = outcome.throttle.retryAfterMs ?? 0;
        const why = `throttled, code ${code ?? '-'}${httpStatus ? `, HTTP ${httpStatus}` : ''}`;
        if (code !== undefined && APP_THROTTLE_CODES.has(code)) {
          if (state(keys.app).pausedUntil <= at) pause(keys.app, hint, at, cfg, why);
        } else {
          // Per-account limits: the accounts Meta named, else those the call is known to count against, else its token.
          const named = report.accounts.map((a) => `account:${a.id}`);
          const known = keysOf(call).accounts;
          const targets = named.length ? named : known.length ? known : keys.token ? [keys.token] : [keys.app];
          for (const key of targets) if (state(key).pausedUntil <= at) pause(key, hint, at, cfg, why);
        }
      } else if (outcome.ok) {
        // A clean answer ends the run of pauses for every scope of the call that is not over the line.
        for (const key of [keys.app, ...keysOf(call).accounts, ...(keys.token ? [keys.token] : [])]) {
          const s = scopes.get(key);
          if (s && s.pausedUntil <= at && !(freshCounters(s, at) && peakOf(s.counters!) >= cfg.pauseAbove)) s.strikes = 0;
        }
      }
    },

    /** What the admin sees: latest usage per app and for the busiest accounts, and any running pause. */
    snapshot(): UsageSnapshot {
      const cfg = settings();
      const at = now();
      const view = (s: ScopeState | undefined): ScopeUsage => ({
        usage: freshCounters(s, at) ?? null,
        observedAt: s?.observedAt !== undefined ? new Date(s.observedAt).toISOString() : null,
        pausedUntil: s && s.pausedUntil > at ? new Date(s.pausedUntil).toISOString() : null,
        spacingMs: cfg.enabled ? spacingOf(s, at, cfg) : 0,
      });
      const accounts = [...scopes.entries()]
        .filter(([key, s]) => key.startsWith('account:') && (freshCounters(s, at) || s.pausedUntil > at))
        .map(([key, s]) => ({ id: key.slice('account:'.length), ...view(s), peak: freshCounters(s, at) ? peakOf(s.counters!) : 0 }))
        .sort((a, b) => b.peak - a.peak)
        .slice(0, MAX_ACCOUNTS_SHOWN)
        .map(({ peak: _peak, ...rest }) => rest);
      return { apps: { instagram: view(scopes.get('app:instagram')), facebook: view(scopes.get('app:facebook')) }, accounts };
    },
  };
}

export type RateGovernor = ReturnType<typeof createRateGovernor>;
