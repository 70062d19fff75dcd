import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { PUBLICATION_STATUSES, type CreateMyPublication, type ListMyPublications, type MyPublication } from '../contracts';
import { MAX_FILES_PER_POST, postFields, userTagSchema } from '../publishing/user-post';
import type { PostRequest, PostRequestReader } from '../services/end-users/publications';
import { invalidField } from '../utils/errors';
import { getService } from '../utils/get-service';
import { hasDeferredMultipart, readMultipart } from '../utils/multipart';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../utils/storable-text';
import { parseInput, requestSchema } from '../utils/validation';
import type { RequestContext } from './context';
import { publicationSortSchema } from './publication-sort';
import { endUserOf, uploadLimits, withRetryAfter } from './end-user';

const connectionIdSchema = z.string().trim().min(1).max(64).refine(isStorableText, STORABLE_TEXT_MESSAGE);

const postSchema = requestSchema<CreateMyPublication.Request>()(
  z
    .object({
      connectionId: connectionIdSchema,
      fileIds: z
        .array(postFields.fileId)
        .min(1, 'must name at least one file')
        .max(MAX_FILES_PER_POST, `must name at most ${MAX_FILES_PER_POST} files`)
        .refine((ids) => new Set(ids).size === ids.length, 'must not name a file twice')
        .optional(),
      caption: postFields.caption.optional(),
      kind: postFields.kind.optional(),
      altTexts: z.array(postFields.altText).max(MAX_FILES_PER_POST, `must hold at most ${MAX_FILES_PER_POST} texts, one per file`).optional(),
      firstComment: postFields.firstComment.optional(),
      userTags: z.array(userTagSchema).max(20, 'Instagram accepts at most 20 people tagged per post').optional(),
      locationId: postFields.locationId.optional(),
      collaborators: z
        .array(postFields.username)
        .max(3, 'Instagram accepts at most 3 collaborators')
        .optional(),
      shareToFeed: z.boolean().optional(),
      // An offset is required so "10:00" can never be read in the server's timezone instead of the user's.
      scheduledAt: z.iso
        .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a timezone, e.g. 2026-12-01T09:30:00+01:00' })
        .transform((value) => new Date(value))
        .nullish(),
    })
    .strict(),
);

// Query strings arrive as text (or qs arrays): read loosely, then coerced.
const listSchema = z.object({
  status: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.enum(PUBLICATION_STATUSES)))
    .optional(),
  connectionId: connectionIdSchema.optional(),
  sort: publicationSortSchema.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const idSchema = requestSchema<MyPublication.Params>()(z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be a publication id') }));

/** `Idempotency-Key`: a client's own string for "this request", so a retried request does not post twice. */
const headersSchema = z.object({
  'Idempotency-Key': z
    .string()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII')
    .optional(),
});

/** The `data` field of a multipart post: the post as JSON, without fileIds (the files come with it). */
const postFromFields = (fields: Record<string, unknown>) => {
  const data = fields.data;
  if (typeof data !== 'string') throw invalidField('data', 'Send the post (connectionId, caption, options) as JSON in a "data" field beside the files.');
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw invalidField('data', 'The "data" field is not valid JSON.');
  }
  return parseInput(postSchema, json, 'data');
};

/** An end user's posts of their own files (contracts/end-users.ts): create, list, read, cancel, retry. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const publications = () => getService(strapi, 'endUserPublications');
  return {
    /** POST /me/publications: JSON naming uploaded files, or multipart with `files` and `data`. 202: queued. */
    async create(ctx: RequestContext) {
      const userId = endUserOf(ctx).id;
      const headers = parseInput(headersSchema, { 'Idempotency-Key': ctx.get('Idempotency-Key') || undefined }, 'headers');
      const multipart = hasDeferredMultipart(ctx);
      const read: PostRequestReader = multipart
        ? (use) => readMultipart(strapi, ctx, uploadLimits(strapi), ({ fields, files }) => use({ post: postFromFields(fields), files, multipart } satisfies PostRequest))
        : (use) => use({ post: parseInput(postSchema, ctx.request.body, 'body'), files: [], multipart });
      const { view, replayed } = await withRetryAfter(ctx, () => publications().create(userId, headers['Idempotency-Key'] ?? null, read));
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.status = 202;
      ctx.body = { data: view } satisfies CreateMyPublication.Response;
    },
    /** GET /me/publications */
    async find(ctx: RequestContext) {
      const userId = endUserOf(ctx).id;
      const query = parseInput(listSchema, ctx.query, 'query');
      const { data, pagination } = await publications().list(userId, query);
      ctx.body = { data, meta: { pagination } } satisfies ListMyPublications.Response;
    },
    /** GET /me/publications/:id */
    async findOne(ctx: RequestContext) {
      const { id } = parseInput(idSchema, ctx.params, 'params');
      ctx.body = { data: await publications().findOne(endUserOf(ctx).id, id) } satisfies MyPublication.Response;
    },
    /** POST /me/publications/:id/cancel */
    async cancel(ctx: RequestContext) {
      const { id } = parseInput(idSchema, ctx.params, 'params');
      ctx.body = { data: await publications().cancel(endUserOf(ctx).id, id) } satisfies MyPublication.Response;
    },
    /** POST /me/publications/:id/retry */
    async retry(ctx: RequestContext) {
      const { id } = parseInput(idSchema, ctx.params, 'params');
      ctx.body = { data: await publications().retry(endUserOf(ctx).id, id) } satisfies MyPublication.Response;
    },
  };
};
