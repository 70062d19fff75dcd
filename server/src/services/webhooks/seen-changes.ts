/**
 * The changes already taken in, so a redelivery is processed once. Meta redelivers a delivery it
 * thinks failed (a timeout, a 5xx) and may send the same change twice; the signature says nothing
 * about that.
 *
 * Kept in memory, bounded (oldest forgotten first) and for `ttlMs`: a webhook is a hint that
 * something happened, the events it raises are notifications, and a database write per change would
 * make every delivery cost a round trip and a cleanup job. What that costs: with several Strapi
 * instances behind one callback URL, each instance remembers only what it received, so a redelivery
 * that lands on another instance is processed once more there (once per instance at most); and a
 * restart forgets. The stale bound (`webhooks.maxAgeSeconds`) caps how long a replay can succeed.
 */
export const createSeenChanges = ({ ttlMs, maxEntries, now = () => Date.now() }: { ttlMs: number; maxEntries: number; now?: () => number }) => {
  // Insertion order is expiry order: every key lives ttlMs from when it was first seen.
  const seen = new Map<string, number>();
  const prune = (at: number) => {
    for (const [key, expiresAt] of seen) {
      if (expiresAt > at && seen.size <= maxEntries) break;
      seen.delete(key);
    }
  };
  return {
    /** True the first time a key is offered within the window, false for a repeat. */
    firstTime(key: string): boolean {
      const at = now();
      prune(at);
      const expiresAt = seen.get(key);
      if (expiresAt !== undefined && expiresAt > at) return false;
      seen.delete(key);
      seen.set(key, at + ttlMs);
      prune(at);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
};

export type SeenChanges = ReturnType<typeof createSeenChanges>;
