import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` while `active`, so "has this time passed?" stays true to the clock. */
export const useNow = (active: boolean, intervalMs = 15_000) => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
};
