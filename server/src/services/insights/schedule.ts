/**
 * When a published post's numbers are read next: at each age of the configured schedule
 * (default 1 h, 6 h, 24 h, 3 d, 7 d, 30 d), then never again. Stories expire at 24 h and Meta serves
 * their insights only until then, so a story's schedule ends at 24 h (a last read just before).
 */
import { INSIGHTS_AGE_PATTERN } from '../../config/schema';
import type { PostKind } from '../../contracts';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const STORY_LIFETIME_MS = 24 * UNIT_MS.h;
/** A story's last read happens this long before it expires, so the read still finds it. */
const STORY_LAST_READ_MARGIN_MS = 5 * UNIT_MS.m;

/** `6h` → 21 600 000; the config schema has already checked the shape. */
export const parseAge = (age: string): number => {
  const match = INSIGHTS_AGE_PATTERN.exec(age);
  if (!match) throw new Error(`Invalid insights age "${age}"`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
};

/** The schedule's ages in ms, sorted and without duplicates, capped for stories. */
export const agesForKind = (schedule: readonly string[], kind: PostKind | null): number[] => {
  const ages = [...new Set(schedule.map(parseAge))].sort((a, b) => a - b);
  if (kind !== 'story') return ages;
  const lastRead = STORY_LIFETIME_MS - STORY_LAST_READ_MARGIN_MS;
  const capped = ages.filter((age) => age < lastRead);
  return ages.some((age) => age >= lastRead) ? [...capped, lastRead] : capped;
};

/**
 * The next read of a post published at `publishedAt`, after a read at `now` (or, with no read yet,
 * the first step). Null once the schedule is over: the post is not read again.
 */
export const nextInsightsAt = (publishedAt: Date, now: Date, schedule: readonly string[], kind: PostKind | null): Date | null => {
  const age = now.getTime() - publishedAt.getTime();
  const next = agesForKind(schedule, kind).find((step) => step > age);
  return next === undefined ? null : new Date(publishedAt.getTime() + next);
};

/** The first read of a freshly published post: its first step (never immediately, Meta needs time). */
export const firstInsightsAt = (publishedAt: Date, schedule: readonly string[], kind: PostKind | null): Date | null =>
  nextInsightsAt(publishedAt, publishedAt, schedule, kind);
