import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { PUBLICATION_STATUSES, type MyPublicationView, type PaginationMeta, type PostEntryInput, type PostFilesInput, type PublicationListQuery, type PublicationView } from '../contracts';
import { MAX_FILES_PER_POST, postFields, userTagSchema } from '../publishing/user-post';
import { invalidField, notFound } from '../utils/errors';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validation';
import { createPublicationsContext } from './publications/context';

const id = z.union([z.string().trim().min(1).max(64), z.number().int().positive()]).transform(String);
const when = z
  .union([z.date(), z.iso.datetime({ offset: true, message: 'must be a Date or an ISO 8601 date-time with a timezone' }).transform((value) => new Date(value))])
  .nullish();

const postEntrySchema = z
  .object({
    uid: z.string().regex(/^[a-z]+::[\w-]+\.[\w-]+$/, 'must be a content-type uid such as api::article.article'),
    documentId: z.string().trim().min(1).max(64),
    locale: z.string().trim().min(1).max(32).nullish(),
    connectionId: z.string().trim().min(1).max(64).nullish(),
    caption: z.string().max(10_000).nullish(),
    scheduledAt: when,
    confirmDuplicate: z.boolean().optional(),
  })
  .strict();

const postFilesSchema = z
  .object({
    userId: id.optional(),
    connectionId: z.string().trim().min(1).max(64),
    fileIds: z
      .array(id.pipe(postFields.fileId))
      .min(1, 'must name at least one file')
      .max(MAX_FILES_PER_POST, `must name at most ${MAX_FILES_PER_POST} files`)
      .refine((ids) => new Set(ids).size === ids.length, 'must not name a file twice'),
    caption: postFields.caption.optional(),
    kind: postFields.kind.optional(),
    altTexts: z.array(postFields.altText).max(MAX_FILES_PER_POST).optional(),
    firstComment: postFields.firstComment.optional(),
    userTags: z.array(userTagSchema).max(20, 'Instagram accepts at most 20 people tagged per post').optional(),
    locationId: postFields.locationId.optional(),
    collaborators: z.array(postFields.username).max(3, 'Instagram accepts at most 3 collaborators').optional(),
    shareToFeed: z.boolean().optional(),
    scheduledAt: when,
    idempotencyKey: z.string().min(1).max(255).optional(),
  })
  .strict();

const listSchema = z
  .object({
    uid: z.string().max(200).optional(),
    documentId: z.string().max(64).optional(),
    locale: z.string().max(32).optional(),
    status: z.array(z.enum(PUBLICATION_STATUSES)).optional(),
    connectionId: z.string().max(64).optional(),
    ownerUserId: z.union([z.literal('any'), id]).nullish(),
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })
  .strict();

/**
 * The plugin's API for other plugins and the app's own code:
 * `strapi.plugin('instagram-publisher').service('api')`. Each method checks its input as the
 * routes do (a ValidationError naming the field), goes through the same services as an editor or
 * an end user, and answers the plugin's views, which never carry a token. Plugin code acts with
 * the server's authority: no admin permission is checked, so check your own callers.
 */
export const createPublicApiService = ({ strapi }: { strapi: Core.Strapi }) => {
  const context = createPublicationsContext(strapi);

  return {
    /** Posts a published entry now (or at `scheduledAt`) to an admin-side account; the queued publication. */
    async postEntry(input: PostEntryInput): Promise<PublicationView> {
      const parsed = parseInput(postEntrySchema, input, 'postEntry input');
      return getService(strapi, 'publications').create(parsed);
    },

    /**
     * Posts files an end user uploaded to one of their own accounts, with their limits and checks
     * (daily posts, duplicates, media rules); the queued publication as the user sees it.
     */
    async postFiles(input: PostFilesInput): Promise<MyPublicationView> {
      const { userId: asked, idempotencyKey, ...post } = parseInput(postFilesSchema, input, 'postFiles input');
      const connection = await context.store().connections.findById(post.connectionId);
      if (!connection || (asked && connection.userId !== asked) || (connection.ownerKind === 'user' && !connection.userId)) {
        throw notFound(`No Instagram account of ${asked ? `user ${asked}` : 'an app user'} has the id "${post.connectionId}".`);
      }
      if (connection.ownerKind !== 'user') {
        throw invalidField('connectionId', 'Files are posted to an app user\'s own account; an admin-side account posts entries (postEntry).');
      }
      // The end users' own service checks ownership again (owner-scoped lookup), and the user's limits.
      const userId = connection.userId!;
      const { view } = await getService(strapi, 'endUserPublications').create(userId, idempotencyKey ?? null, (use) =>
        use({ post: { ...post, fileIds: post.fileIds }, files: [], multipart: false }),
      );
      return view;
    },

    /** One publication (an entry's or an end user's), or null. */
    async getPublication(publicationId: string | number): Promise<PublicationView | null> {
      const key = parseInput(z.object({ id }), { id: publicationId }, 'publication id').id;
      const publication = await context.store().publications.findById(key);
      return publication ? context.view(publication) : null;
    },

    /** One page of publications, newest first: entries' posts unless `ownerUserId` names a user (or `'any'`). */
    async listPublications(query: PublicationListQuery = {}): Promise<{ results: PublicationView[]; pagination: PaginationMeta }> {
      const { ownerUserId, ...rest } = parseInput(listSchema, query, 'listPublications query');
      const owner = ownerUserId === 'any' ? {} : { ownerUserId: ownerUserId ?? null };
      const { results, total } = await context.store().publications.list({ ...rest, ...owner });
      return {
        results: await context.views(results),
        pagination: { page: rest.page, pageSize: rest.pageSize, total, pageCount: Math.ceil(total / rest.pageSize) },
      };
    },
  };
};

export type PublicApiService = ReturnType<typeof createPublicApiService>;
