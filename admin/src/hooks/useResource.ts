import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The admin's one way to load, poll and invalidate server data. One small hook rather than a query
 * library: Strapi 5's admin ships react-query 3 (end of life, and internal to Strapi) and a plugin
 * bringing its own query client would be a second cache beside it, for five resources that are
 * read on two pages. Keys name resources (`connections`, `publications:<query>`...);
 * `invalidateResources('publications')` reloads every mounted resource whose key starts with it.
 */

export interface ResourceState<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  /** Loads again; the current data stays on screen meanwhile. */
  refetch: () => Promise<void>;
  /** Replaces the data locally (after a mutation answered with the new value). */
  setData: (update: T | ((previous: T | undefined) => T)) => void;
}

export interface ResourceOptions<T> {
  /**
   * Reload every `pollMs` (a number, or one read from the current data) while this says so (posts on
   * their way...); stops on an error. Ticks while the browser tab is hidden are skipped.
   */
  pollWhile?: (data: T) => boolean;
  pollMs?: number | ((data: T) => number);
}

/** False while the admin's tab is in the background: polls wait until it is seen again. */
export const pageVisible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

const mounted = new Set<{ key: string; refetch: () => Promise<void> }>();

/** Reloads every mounted resource whose key starts with `prefix` (after a change made elsewhere). */
export const invalidateResources = async (prefix: string) => {
  await Promise.all([...mounted].filter((entry) => entry.key.startsWith(prefix)).map((entry) => entry.refetch()));
};

/**
 * Loads one resource and reloads it when `key` changes; `key === null` skips loading (no
 * permission, nothing selected). Stale answers are dropped, so a slow request never overwrites a
 * newer one.
 */
export const useResource = <T>(key: string | null, load: () => Promise<T>, { pollWhile, pollMs = 2000 }: ResourceOptions<T> = {}): ResourceState<T> => {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [isLoading, setIsLoading] = useState(key !== null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const run = useCallback(async () => {
    generation.current += 1;
    const mine = generation.current;
    setIsLoading(true);
    try {
      const result = await loadRef.current();
      if (mine !== generation.current) return;
      setDataState(result);
      setError(undefined);
    } catch (caught) {
      if (mine !== generation.current) return;
      setError(caught);
    } finally {
      if (mine === generation.current) setIsLoading(false);
    }
  }, []);

  useEffect(() => {
    if (key === null) {
      generation.current += 1;
      setIsLoading(false);
      return undefined;
    }
    void run();
    const entry = { key, refetch: run };
    mounted.add(entry);
    return () => {
      mounted.delete(entry);
    };
  }, [key, run]);

  const polling = Boolean(key !== null && data !== undefined && !error && pollWhile?.(data));
  const interval = typeof pollMs === 'function' ? (data !== undefined ? pollMs(data) : 2000) : pollMs;
  useEffect(() => {
    if (!polling) return undefined;
    const timer = window.setInterval(() => {
      if (pageVisible()) void run();
    }, interval);
    return () => window.clearInterval(timer);
  }, [polling, interval, run]);

  const setData = useCallback((update: T | ((previous: T | undefined) => T)) => {
    setDataState((previous) => (typeof update === 'function' ? (update as (p: T | undefined) => T)(previous) : update));
  }, []);

  return { data, error, isLoading, refetch: run, setData };
};
