/** The request schemas of the comment routes, shared by the admin's and the end users' controllers. */
import { z } from 'zod';
import type { HideComment, ListComments, ReplyToComment, SetCommentsEnabled } from '../contracts';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../utils/storable-text';
import { requestSchema } from '../utils/validation';

export const publicationParams = z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be a publication id') });
// Graph ids are digits; anything else would only ever be an error at Meta.
export const commentParams = publicationParams.extend({ commentId: z.string().regex(/^\d{1,40}$/, 'must be an Instagram comment id') });

export const listQuery = requestSchema<ListComments.Query>()(
  z.object({
    after: z.string().min(1).max(512).regex(/^[A-Za-z0-9_=-]+$/, 'must be a cursor from a previous page').optional(),
    limit: z
      .union([z.number(), z.string().regex(/^\d+$/, 'must be a whole number').transform(Number)])
      .pipe(z.number().int('must be a whole number').min(1, 'must be at least 1').max(50, 'must be at most 50'))
      .optional(),
  }),
);

export const replyBody = requestSchema<ReplyToComment.Request>()(
  z
    .object({
      // Instagram's comment limit is 2,200 characters.
      message: z
        .string({ error: 'is required' })
        .trim()
        .min(1, 'must not be empty')
        .refine((text) => [...text].length <= 2200, 'must be at most 2,200 characters')
        .refine(isStorableText, STORABLE_TEXT_MESSAGE),
    })
    .strict(),
);

export const hideBody = requestSchema<HideComment.Request>()(z.object({ hidden: z.boolean({ error: 'must be true or false' }) }).strict());

export const enabledBody = requestSchema<SetCommentsEnabled.Request>()(z.object({ enabled: z.boolean({ error: 'must be true or false' }) }).strict());
