/**
 * Meta's rate-limit usage as the sandbox serves it: `X-App-Usage` and `X-Business-Use-Case-Usage`
 * on every answer of the two graph hosts (success or error), at the level `sb.set({ usage })`
 * chose, and the throttling error once a level reaches 100 %: code 4 for the app, 80002 (or the
 * configured code) for an account, each with the headers Meta sends then.
 */
import type { RequestContext, SandboxCore } from '../context';
import { GraphError } from '../errors';
import type { SandboxUsage } from '../types';

const THROTTLE_MESSAGES: Record<number, string> = {
  4: 'Application request limit reached',
  17: 'User request limit reached',
  32: 'Page request limit reached',
  613: 'Calls to this api have exceeded the rate limit.',
  80002: 'There have been too many calls to this Instagram account. Wait a bit and try again.',
};

const isGraphHost = (ctx: RequestContext) => ctx.api === 'instagramGraph' || ctx.api === 'facebookGraph';

const counters = (level: number) => {
  const value = Math.max(0, Math.round(level));
  return { call_count: value, total_cputime: value, total_time: value };
};

/** The Instagram account a call counts against: its token's, else an account id in its path. */
export function accountOf(core: SandboxCore, ctx: RequestContext): string | undefined {
  const info = ctx.token ? core.state.tokens.info(ctx.token) : undefined;
  if (info?.igUserId) return info.igUserId;
  return ctx.segments.find((segment) => core.state.directory.igAccounts.has(segment));
}

interface UsageLevels {
  app: number;
  account?: { id: string; level: number };
}

function levelsOf(core: SandboxCore, ctx: RequestContext): UsageLevels | undefined {
  if (!isGraphHost(ctx)) return undefined;
  const usage: SandboxUsage = core.options().usage ?? {};
  const id = accountOf(core, ctx);
  return {
    app: usage.app ?? 0,
    account: id ? { id, level: usage.accounts?.[id] ?? usage.account ?? 0 } : undefined,
  };
}

/** The usage headers of one answer; none off the graph hosts. */
export function usageHeaders(core: SandboxCore, ctx: RequestContext): Record<string, string> {
  const levels = levelsOf(core, ctx);
  if (!levels) return {};
  const headers: Record<string, string> = { 'x-app-usage': JSON.stringify(counters(levels.app)) };
  if (levels.account) {
    const regain = levels.account.level >= 100 ? (core.options().usage?.regainMinutes ?? 0) : 0;
    headers['x-business-use-case-usage'] = JSON.stringify({
      [levels.account.id]: [{ type: 'instagram', ...counters(levels.account.level), estimated_time_to_regain_access: regain }],
    });
  }
  return headers;
}

/** Meta's throttling error when the app or the account is at or above 100 %, else undefined. */
export function usageThrottle(core: SandboxCore, ctx: RequestContext): GraphError | undefined {
  const levels = levelsOf(core, ctx);
  if (!levels) return undefined;
  let code: number | undefined;
  if (levels.app >= 100) code = 4;
  else if (levels.account && levels.account.level >= 100) code = core.options().usage?.throttleCode ?? 80002;
  if (code === undefined) return undefined;
  return new GraphError({ code, message: THROTTLE_MESSAGES[code], httpStatus: 400, isTransient: true, headers: usageHeaders(core, ctx) });
}
