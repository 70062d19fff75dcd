/**
 * Did the plugin hold back while Meta said it was over the line? The sandbox's call log is replayed
 * through the rate governor's own rule (server/src/instagram/rate-governor.ts): every answer's usage
 * headers pause the app or the account at `pauseAbove`, for `pauseWindowMs` doubled per pause in a
 * row (no regain estimate is sent), an answer under the line ends the run of pauses. A call that
 * reaches the sandbox inside such a pause is a violation, unless it arrived before the client had
 * read the answer that started the pause (plus `toleranceMs`): such a call had left already. When the
 * client read it is known from the governor's own log line ("pausing calls of ..."), captured by the
 * bench; on a loaded machine that can be well after the sandbox sent the answer.
 *
 * Usage levels are known from the run's setup: answers carry 0 %, a chaos throttle 100 % on the
 * app (code 4) or on the call's account (17, 32, 613, 80002); calls without an answer carry none.
 */
import type { SandboxCall } from '../../sandbox';

/** A pause the client logged: when, for which scope, how long. */
export interface ClientPause {
  at: number;
  scope: 'app' | 'account';
  ms: number;
}

export interface ReplaySettings {
  pauseAbove: number;
  pauseWindowMs: number;
  maxPauseMs: number;
  throttleUsage: number;
  toleranceMs: number;
}

interface Scope {
  pausedUntil: number;
  pausedSince: number;
  strikes: number;
  /** The pause being watched: when it started, and whether a call came inside it yet. */
  episode?: { start: number; firstArrival?: number };
}

export interface ReplayOutcome {
  throttles: number;
  /** Pauses the governor promised (a burst of throttles inside one pause counts once). */
  pauses: number;
  violations: number;
  /** Calls inside a pause that had left before its answer could be read (within the tolerance). */
  inFlight: number;
  /** Shortest gap between a pause's start and the next call, minus the pause promised then (≥ 0 when kept). */
  minSlackMs: number | null;
  /** Shortest gap between a throttling answer and the next call of its scope. */
  minGapMs: number | null;
  promisedMs: number;
  /** Throttling answers after which the client logged no pause of that scope within 5 s. */
  unheeded: number;
  /** Longest delay between a throttling answer leaving the sandbox and the client logging its pause. */
  maxReadLagMs: number | null;
  examples: string[];
}

const throttleCode = (call: SandboxCall): number | undefined => {
  const match = /^chaos: throttled (\d+)$/.exec(call.fault ?? '');
  return match ? Number(match[1]) : undefined;
};

export const replayThrottles = (calls: SandboxCall[], settings: ReplaySettings, clientPauses: ClientPause[]): ReplayOutcome => {
  type Event = { at: number; kind: 'arrival' | 'answer'; call: SandboxCall };
  const events: Event[] = [];
  for (const call of calls) {
    events.push({ at: call.at, kind: 'arrival', call });
    if (call.status !== 0) events.push({ at: call.at + call.durationMs, kind: 'answer', call });
  }
  // Arrivals first on a tie: a call that came in the same millisecond was not sent after the answer.
  events.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'arrival' ? -1 : 1));

  const scopes: Record<'app' | 'account', Scope> = { app: { pausedUntil: 0, pausedSince: 0, strikes: 0 }, account: { pausedUntil: 0, pausedSince: 0, strikes: 0 } };
  const outcome: ReplayOutcome = { throttles: 0, pauses: 0, violations: 0, inFlight: 0, minSlackMs: null, minGapMs: null, promisedMs: settings.pauseWindowMs, unheeded: 0, maxReadLagMs: null, examples: [] };
  const lags: number[] = [];
  /** When the client read the answer that paused `scope` at `at` (the sandbox's time when it did not log one). */
  const readAt = (scope: 'app' | 'account', at: number) => {
    const seen = clientPauses.find((pause) => pause.scope === scope && pause.at >= at - 5 && pause.at <= at + 5_000);
    if (!seen) {
      outcome.unheeded += 1;
      return at;
    }
    lags.push(seen.at - at);
    return Math.max(at, seen.at);
  };
  const slacks: number[] = [];
  const gaps: number[] = [];

  const pause = (name: 'app' | 'account', scope: Scope, at: number) => {
    const fresh = scope.pausedUntil <= at;
    if (fresh) {
      scope.strikes += 1;
      outcome.pauses += 1;
    }
    const window = Math.min(settings.maxPauseMs, settings.pauseWindowMs * 2 ** Math.max(0, scope.strikes - 1));
    if (at + window > scope.pausedUntil) {
      scope.pausedUntil = at + window;
      scope.pausedSince = fresh ? readAt(name, at) : scope.pausedSince;
      if (fresh) scope.episode = { start: scope.pausedSince };
    }
  };

  for (const event of events) {
    if (event.kind === 'arrival') {
      for (const scope of Object.values(scopes)) {
        const episode = scope.episode;
        if (episode && episode.firstArrival === undefined && event.at > episode.start + settings.toleranceMs) {
          episode.firstArrival = event.at;
          gaps.push(event.at - episode.start);
          slacks.push(event.at - scope.pausedUntil);
        }
        if (event.at < scope.pausedUntil) {
          if (event.at - scope.pausedSince > settings.toleranceMs) {
            outcome.violations += 1;
            if (outcome.examples.length < 5) {
              outcome.examples.push(`${event.call.method} ${event.call.path} came ${event.at - scope.pausedSince} ms into a pause lasting to +${scope.pausedUntil - scope.pausedSince} ms`);
            }
          } else outcome.inFlight += 1;
        }
      }
      continue;
    }
    const code = throttleCode(event.call);
    if (code !== undefined) outcome.throttles += 1;
    const levels = { app: code === 4 ? settings.throttleUsage : 0, account: code !== undefined && code !== 4 ? settings.throttleUsage : 0 };
    for (const name of ['app', 'account'] as const) {
      const scope = scopes[name];
      if (levels[name] >= settings.pauseAbove) pause(name, scope, event.at);
      else scope.strikes = 0;
    }
  }
  outcome.minSlackMs = slacks.length ? Math.min(...slacks) : null;
  outcome.minGapMs = gaps.length ? Math.min(...gaps) : null;
  outcome.maxReadLagMs = lags.length ? Math.max(...lags) : null;
  return outcome;
};
