const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from now until `iso` (negative once past); null for "never". */
export const daysUntil = (iso: string | null | undefined, now = Date.now()): number | null => {
  if (!iso) return null;
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return null;
  return Math.floor((time - now) / DAY_MS);
};

/** The admin's own timezone, as the browser reports it (used to label scheduled times). */
export const browserTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

/** A Date picked in the editor's timezone, sent to the server as UTC. */
export const toUtcIso = (date: Date): string => date.toISOString();

/** A chosen publication time that is no longer in the future (it passed while the dialog was open). */
export const hasPassed = (date: Date, now = Date.now()): boolean => date.getTime() <= now;
