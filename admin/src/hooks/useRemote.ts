import { useCallback, useEffect, useRef, useState } from 'react';

export interface RemoteState<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  /** Loads again; the current data stays on screen meanwhile. */
  refetch: () => Promise<void>;
  /** Replaces the data locally (after a mutation answered with the new value). */
  setData: (update: T | ((previous: T | undefined) => T)) => void;
}

/**
 * Loads one resource and reloads it when `key` changes; `key === null` skips loading
 * (no permission, nothing selected). Stale answers are dropped, so a slow request never
 * overwrites a newer one.
 */
export const useRemote = <T>(key: string | null, load: () => Promise<T>): RemoteState<T> => {
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
      return;
    }
    void run();
  }, [key, run]);

  const setData = useCallback((update: T | ((previous: T | undefined) => T)) => {
    setDataState((previous) =>
      typeof update === 'function' ? (update as (p: T | undefined) => T)(previous) : update
    );
  }, []);

  return { data, error, isLoading, refetch: run, setData };
};
