import { z } from 'zod';

/** Query strings arrive as text: a whole number within bounds, named in the 400 when it is not. */
const wholeNumber = (min: number, max: number, fallback: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .preprocess(
      (value) => (typeof value === 'string' && /^\s*\d{1,6}\s*$/.test(value) ? Number(value) : value),
      z.number({ error: message }).int(message).min(min, message).max(max, message)
    )
    .default(fallback);
};

/** `?days=` (the followers series' window) and `?top=` (how many top posts) of both account insights routes. */
export const accountInsightsQuerySchema = z
  .object({
    days: wholeNumber(1, 365, 30),
    top: wholeNumber(1, 50, 10),
  })
  .strict();

/** A connection id as both stores spell it (a row number or a MongoDB ObjectId). */
export const connectionIdSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be a connection id') });
