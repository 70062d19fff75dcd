import { z } from 'zod';

/**
 * What Meta posts to the webhook callback for the `instagram` object. Instagram Login and Facebook
 * Login both send `{ object, entry: [{ id, time, changes: [{ field, value }] }] }`; Meta's examples
 * for Instagram Login also show `field` and `value` directly on the entry, so both are read.
 * `entry.id` is the Instagram professional account; `time` is in seconds (milliseconds are accepted:
 * messaging entries use them). Unknown fields pass through and are acknowledged.
 */
const idSchema = z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1).max(64));

const changeSchema = z.object({ field: z.string().min(1).max(100), value: z.unknown() });

const entrySchema = z.object({
  id: idSchema,
  time: z.number().finite().nonnegative(),
  changes: z.array(changeSchema).max(1000).optional(),
  field: z.string().min(1).max(100).optional(),
  value: z.unknown().optional(),
});

export const deliverySchema = z.object({
  object: z.string().max(100),
  entry: z.array(entrySchema).min(1).max(1000),
});

export type Delivery = z.infer<typeof deliverySchema>;

/** One change of one account, with the time Meta gave its entry. */
export interface AccountChange {
  accountId: string;
  /** Milliseconds since the epoch. */
  time: number;
  field: string;
  value: unknown;
}

/** Seconds or milliseconds since the epoch → milliseconds (no real entry is from 1970 + 1e12 s). */
export const entryTimeMs = (time: number): number => (time > 1e12 ? time : time * 1000);

/** Every change of a delivery, flattened. */
export const changesOf = (delivery: Delivery): AccountChange[] =>
  delivery.entry.flatMap((entry) => {
    const changes = entry.changes ?? (entry.field ? [{ field: entry.field, value: entry.value }] : []);
    return changes.map((change) => ({ accountId: entry.id, time: entryTimeMs(entry.time), field: change.field, value: change.value }));
  });

/** `comments` (and `live_comments`): a new comment or reply on one of the account's media. */
export const commentValueSchema = z.object({
  id: idSchema,
  text: z.string().max(10_000).optional().default(''),
  from: z.object({ id: idSchema.optional(), username: z.string().max(100).optional() }).optional(),
  media: z.object({ id: idSchema, media_product_type: z.string().max(50).optional() }),
  parent_id: idSchema.optional(),
});

/** `mentions`: the account was @mentioned in a comment (comment_id) or a caption (media_id only). */
export const mentionValueSchema = z.object({
  media_id: idSchema,
  comment_id: idSchema.optional(),
});
