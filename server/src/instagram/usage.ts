/**
 * Meta's rate-limit usage headers, read from every Graph answer (success or error):
 *  - `X-App-Usage` (Platform rate limits, the app's rolling hour): `{"call_count":28,"total_cputime":25,"total_time":25}`;
 *  - `X-Business-Use-Case-Usage` (Business Use Case limits: what Instagram Platform calls count against, on
 *    graph.instagram.com and graph.facebook.com alike): `{"<id>":[{"type":"instagram","call_count":..,
 *    "total_cputime":..,"total_time":..,"estimated_time_to_regain_access":<minutes>}]}`, keyed by the business
 *    object (the Instagram account, or the Page) the call counted against.
 * Every figure is a percentage of the limit. Unreadable headers are ignored: usage is advice, never a reason to fail.
 */
import type { HeaderBag } from '../utils/headers';

/** The three counters Meta reports, in percent of the limit (100 = throttled). */
export interface UsageCounters {
  callCount: number;
  totalCputime: number;
  totalTime: number;
}

/** One business object's usage, from X-Business-Use-Case-Usage. */
export interface BusinessUsage {
  /** The Instagram account (or Page) id Meta keyed the usage by. */
  id: string;
  counters: UsageCounters;
  /** Meta's hint, in ms; 0 when access is not cut. */
  regainAccessMs: number;
}

export interface UsageReport {
  app?: UsageCounters;
  accounts: BusinessUsage[];
}

const MAX_HEADER_CHARS = 16_384;

/** The highest of the three counters: the one that throttles first. */
export const peakOf = (counters: UsageCounters): number => Math.max(counters.callCount, counters.totalCputime, counters.totalTime);

const percent = (value: unknown): number => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 10_000) : 0;
};

const countersOf = (node: Record<string, unknown>): UsageCounters | undefined => {
  if (!('call_count' in node) && !('total_cputime' in node) && !('total_time' in node)) return undefined;
  return { callCount: percent(node.call_count), totalCputime: percent(node.total_cputime), totalTime: percent(node.total_time) };
};

const parseJson = (raw: string | undefined): unknown => {
  if (raw === undefined || raw.length === 0 || raw.length > MAX_HEADER_CHARS) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `X-App-Usage`, or undefined when absent or unreadable. */
export const parseAppUsage = (raw: string | undefined): UsageCounters | undefined => {
  const parsed = parseJson(raw);
  return isRecord(parsed) ? countersOf(parsed) : undefined;
};

/**
 * `X-Business-Use-Case-Usage`: one entry per id; when Meta lists several use-case types for an id,
 * the highest counters and the longest regain hint win (any of them can throttle the call).
 */
export const parseBusinessUseCaseUsage = (raw: string | undefined): BusinessUsage[] => {
  const parsed = parseJson(raw);
  if (!isRecord(parsed)) return [];
  const out: BusinessUsage[] = [];
  for (const [id, value] of Object.entries(parsed)) {
    if (!/^\d{1,32}$/.test(id)) continue;
    const entries = (Array.isArray(value) ? value : [value]).filter(isRecord);
    let merged: BusinessUsage | undefined;
    for (const entry of entries) {
      const counters = countersOf(entry);
      if (!counters) continue;
      const regainAccessMs = percent(entry.estimated_time_to_regain_access) * 60_000;
      merged = merged
        ? {
            id,
            counters: {
              callCount: Math.max(merged.counters.callCount, counters.callCount),
              totalCputime: Math.max(merged.counters.totalCputime, counters.totalCputime),
              totalTime: Math.max(merged.counters.totalTime, counters.totalTime),
            },
            regainAccessMs: Math.max(merged.regainAccessMs, regainAccessMs),
          }
        : { id, counters, regainAccessMs };
    }
    if (merged) out.push(merged);
  }
  return out;
};

/** Both usage headers of one answer (header names are case-insensitive). */
export const readUsageHeaders = (headers: HeaderBag | undefined): UsageReport => {
  if (!headers) return { accounts: [] };
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : String(value));
  }
  return {
    app: parseAppUsage(lower.get('x-app-usage')),
    accounts: parseBusinessUseCaseUsage(lower.get('x-business-use-case-usage')),
  };
};
