import type { Account, GraphClient } from '../instagram';

interface Entry {
  usage: number;
  total: number;
  until: number;
}

/**
 * The content-publishing quota per account, read before publishing and cached briefly: several
 * posts queued together cost one read, and Meta's `quota_total` (25, 50 or 100 depending on the
 * page you read) is always taken from the answer, never assumed.
 */
export const createQuotaCache = () => {
  const entries = new Map<string, Entry>();
  return {
    /** True when one more post fits in the rolling window. */
    async hasRoom(graph: GraphClient, account: Account, cacheMs: number): Promise<{ room: boolean; usage: number; total: number }> {
      const key = `${account.host}:${account.igUserId}`;
      let entry = entries.get(key);
      if (!entry || entry.until <= Date.now()) {
        const limit = await graph.getPublishingLimit(account);
        entry = { usage: limit.quotaUsage, total: limit.quotaTotal, until: Date.now() + cacheMs };
        entries.set(key, entry);
      }
      return { room: entry.usage < entry.total, usage: entry.usage, total: entry.total };
    },
    /** Counts a post we just made, so the cached figure stays right until the next read. */
    recordPublish(account: Account) {
      const entry = entries.get(`${account.host}:${account.igUserId}`);
      if (entry) entry.usage += 1;
    },
    /** Meta said the quota is reached: believe it over the cache. */
    markFull(account: Account) {
      const key = `${account.host}:${account.igUserId}`;
      const entry = entries.get(key);
      if (entry) entry.usage = Math.max(entry.usage, entry.total);
    },
    clear() {
      entries.clear();
    },
  };
};

export type QuotaCache = ReturnType<typeof createQuotaCache>;
