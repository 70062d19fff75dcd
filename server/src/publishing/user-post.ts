import { z } from 'zod';
import { MAPPING_POST_KINDS } from '../contracts';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../utils/storable-text';
import { PLUGIN_ID } from '../utils/plugin-id';
import type { Publication } from '../store/types';

/**
 * An end user's post of their own files. It is a publication like an entry's, so the same worker,
 * quota, renditions, crash safety and "never post twice" apply; what it posts is stored with it
 * (`input`) instead of read from an entry. `uid` and `documentId` name it for the dedupe key.
 */
export const USER_POST_UID = `plugin::${PLUGIN_ID}.user-post`;

/** One per user: with the files and text in the content hash, the dedupe key then means "this post of this user on this account". */
export const userPostDocumentId = (userId: string) => `user:${userId}`;

/** Whether a publication posts an end user's files rather than an entry (its source, its owner's accounts). */
export const isUserPost = (publication: Pick<Publication, 'ownerUserId' | 'input' | 'uid'>) =>
  publication.ownerUserId !== null || publication.input !== null || publication.uid === USER_POST_UID;

export const MAX_FILES_PER_POST = 10;
export const ALT_TEXT_MAX = 1000;
/** Instagram's limit on a comment. */
export const FIRST_COMMENT_MAX = 2200;

const text = (max: number) => z.string().max(max, `must be at most ${max.toLocaleString('en')} characters`).refine(isStorableText, STORABLE_TEXT_MESSAGE);

/** The fields of a post, as a request sends them and as `input` stores them (the limits are Instagram's). */
export const postFields = {
  fileId: z.string().regex(/^\d{1,10}$/, 'must be the id of a file you uploaded (POST /me/files)'),
  // The `limits` option decides what Instagram accepts (checked against the plan); this only bounds the request.
  caption: text(10_000),
  kind: z.enum(MAPPING_POST_KINDS),
  altText: text(ALT_TEXT_MAX).nullable(),
  firstComment: text(FIRST_COMMENT_MAX).nullable(),
  username: z.string().regex(/^@?[A-Za-z0-9._]{1,30}$/, 'must be an Instagram username').transform((name) => name.replace(/^@/, '')),
  coordinate: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
  locationId: z.string().regex(/^\d{1,32}$/, 'must be a Facebook location Page id (digits only)').nullable(),
};

export const userTagSchema = z.object({ username: postFields.username, x: postFields.coordinate.optional(), y: postFields.coordinate.optional() }).strict();

/** What `input` holds, read back by the worker: every option resolved to its value. */
export const userPostInputSchema = z.object({
  fileIds: z.array(postFields.fileId).min(1).max(MAX_FILES_PER_POST),
  caption: postFields.caption,
  kind: postFields.kind,
  altTexts: z.array(postFields.altText).max(MAX_FILES_PER_POST),
  firstComment: postFields.firstComment,
  userTags: z.array(userTagSchema).max(20),
  locationId: postFields.locationId,
  collaborators: z.array(postFields.username).max(3),
  shareToFeed: z.boolean(),
});

export type UserPostInput = z.output<typeof userPostInputSchema>;
