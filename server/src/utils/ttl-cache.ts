/**
 * A small in-memory cache whose entries expire after a fixed time, bounded in size: a client asking
 * for many different keys (a crawler walking document ids) evicts the oldest entries instead of
 * growing the process. Per instance: several Strapi instances each keep their own, which only means
 * each reads the store once per key and period.
 */
export interface TtlCache<V> {
  /** The cached value, or undefined when absent or expired. */
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  /** The cached value, or the one `load` gives (then cached); concurrent misses of one key share one load. */
  getOrLoad(key: string, load: () => Promise<V>): Promise<V>;
  clear(): void;
  readonly size: number;
}

export const createTtlCache = <V>({
  ttlMs,
  maxEntries = 10_000,
  now = () => Date.now(),
}: {
  /** 0 disables caching: every read loads. */
  ttlMs: number | (() => number);
  maxEntries?: number;
  now?: () => number;
}): TtlCache<V> => {
  const entries = new Map<string, { value: V; expiresAt: number }>();
  const loading = new Map<string, Promise<V>>();
  const ttl = () => (typeof ttlMs === 'function' ? ttlMs() : ttlMs);

  const cache: TtlCache<V> = {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      const lifetime = ttl();
      if (lifetime <= 0) return;
      // Re-inserting moves the key to the end, so the Map's order stays oldest-written first.
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + lifetime });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    async getOrLoad(key, load) {
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const pending = loading.get(key);
      if (pending) return pending;
      const promise = load().then(
        (value) => {
          cache.set(key, value);
          return value;
        },
      ).finally(() => loading.delete(key));
      loading.set(key, promise);
      return promise;
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
  return cache;
};
