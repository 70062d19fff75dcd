import type { MyPostInput } from './end-users';
import type { PublicationStatus } from './statuses';

/**
 * The plugin's service API for other plugins and the app's own code:
 * `strapi.plugin('instagram-publisher').service('api')` (server/src/services/public-api.ts).
 * Dates may be given as Date objects or ISO 8601 strings with an offset.
 */

/** Post a published entry of a mapped content type, now or at `scheduledAt`, to an admin-side account. */
export interface PostEntryInput {
  uid: string;
  documentId: string;
  /** The entry's locale (the default locale when absent, for a localized type). */
  locale?: string | null;
  /** The account; the mapping's (or the only connected account) when absent. */
  connectionId?: string | null;
  /** Replaces the mapping's caption template. */
  caption?: string | null;
  scheduledAt?: Date | string | null;
  /** Post even though this version of the entry already went to the account (otherwise a 409 DuplicatePostError). */
  confirmDuplicate?: boolean;
}

/**
 * Post files an end user uploaded (POST /me/files) to one of their own accounts, with the same
 * checks and limits as their own POST /me/publications.
 */
export type PostFilesInput = Omit<MyPostInput, 'fileIds' | 'scheduledAt'> & {
  /** The Users & Permissions user posting; the connection's owner when absent. */
  userId?: string | number;
  fileIds: Array<string | number>;
  scheduledAt?: Date | string | null;
  /** The same key twice (for one user) answers the first post instead of posting again. */
  idempotencyKey?: string;
};

export interface PublicationListQuery {
  uid?: string;
  documentId?: string;
  locale?: string;
  status?: PublicationStatus[];
  connectionId?: string;
  /** An end user's posts; null (the default): entries' posts (admin side); `'any'`: both. */
  ownerUserId?: string | number | null | 'any';
  page?: number;
  pageSize?: number;
}
