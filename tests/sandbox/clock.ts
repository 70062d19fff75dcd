/**
 * The sandbox clock runs with real time plus an offset: the playground sees time pass normally,
 * while tests jump days ahead (token expiry, the 24 h refresh rule, container EXPIRED, the quota window).
 * Container processing does NOT use it: a worker polls in real time, so IN_PROGRESS→FINISHED uses Date.now().
 */
export interface SandboxClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
  reset(): void;
}

export function createClock(): SandboxClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new TypeError('clock.advance needs a finite number of ms');
      offset += ms;
    },
    set(ms: number) {
      if (!Number.isFinite(ms)) throw new TypeError('clock.set needs a finite epoch ms');
      offset = ms - Date.now();
    },
    reset() {
      offset = 0;
    },
  };
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
