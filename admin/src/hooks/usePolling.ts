import { useEffect, useRef } from 'react';

/** Calls `tick` every `intervalMs` while `active` (posts in flight); stops when the screen unmounts. */
export const usePolling = (active: boolean, tick: () => unknown, intervalMs = 2000) => {
  const tickRef = useRef(tick);
  tickRef.current = tick;

  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => tickRef.current(), intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs]);
};
