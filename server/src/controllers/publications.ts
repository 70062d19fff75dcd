import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { mappingSchema } from '../publishing/mapping-schema';
import { getService } from '../utils/get-service';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../utils/storable-text';
import { parseInput, requestSchema } from '../utils/validation';
import type { RequestContext } from './context';
import { publicationSortSchema } from './publication-sort';
import {
  PUBLICATION_STATUSES,
  type CancelPublication,
  type CreatePublication,
  type ListPublications,
  type PreviewPublication,
  type RetryPublication,
} from '../contracts';

const uidSchema = z.string().trim().regex(/^[a-z0-9-]+::[a-z0-9-]+\.[a-z0-9-]+$/i, 'must be a content-type uid such as api::article.article');
const documentIdSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be a document id');
const localeSchema = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9-]+$/, 'must be a locale code such as en or fr-FR');
const idSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be a publication id') });

const listSchema = z.object({
  uid: uidSchema.optional(),
  documentId: documentIdSchema.optional(),
  locale: localeSchema.optional(),
  status: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.enum(PUBLICATION_STATUSES)))
    .optional(),
  connectionId: z.string().trim().min(1).max(64).refine(isStorableText, STORABLE_TEXT_MESSAGE).optional(),
  sort: publicationSortSchema.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const createSchema = requestSchema<CreatePublication.Request>()(z
  .object({
    uid: uidSchema,
    documentId: documentIdSchema,
    locale: localeSchema.nullish(),
    connectionId: z.string().trim().min(1).max(64).nullish(),
    // The `limits` option decides what Instagram accepts (checked by the service); this only bounds the request.
    caption: z.string().max(10_000, 'must be at most 10,000 characters').refine(isStorableText, STORABLE_TEXT_MESSAGE).nullish(),
    confirmDuplicate: z.boolean().optional(),
    // An offset is required so "10:00" can never be read in the server's timezone instead of the editor's.
    scheduledAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a timezone, e.g. 2026-12-01T09:30:00+01:00' })
      .transform((value) => new Date(value))
      .nullish(),
  })
  .strict());

const retrySchema = requestSchema<RetryPublication.Request>()(z.object({ confirmDuplicate: z.boolean().optional() }).strict());

const previewSchema = requestSchema<PreviewPublication.Request>()(z
  .object({
    uid: uidSchema,
    documentId: documentIdSchema.optional(),
    locale: localeSchema.nullish(),
    mapping: mappingSchema.optional(),
    status: z.enum(['draft', 'published']).optional(),
  })
  .strict());

/** The admin behind the request, as the services check it against the Content Manager's rules. */
const actorOf = (ctx: RequestContext) => {
  const userId = ctx.state?.user?.id;
  return { ability: ctx.state?.userAbility, userId: userId !== undefined ? String(userId) : null };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const publications = () => getService(strapi, 'publications');
  return {
    /** GET /publications */
    async find(ctx: RequestContext) {
      const query = parseInput(listSchema, ctx.query, 'query');
      const { results, pagination } = await publications().list(query, actorOf(ctx));
      ctx.body = { data: results, meta: { pagination } } satisfies ListPublications.Response;
    },
    /** POST /publications: publish now, or at `scheduledAt`. */
    async create(ctx: RequestContext) {
      const body = parseInput(createSchema, ctx.request.body, 'body');
      const view = await publications().create(body, actorOf(ctx));
      ctx.status = 201;
      ctx.body = { data: view } satisfies CreatePublication.Response;
    },
    /** POST /publications/:id/retry { confirmDuplicate? } */
    async retry(ctx: RequestContext) {
      const { id } = parseInput(idSchema, ctx.params, 'params');
      const { confirmDuplicate } = parseInput(retrySchema, ctx.request.body, 'body');
      ctx.body = { data: await publications().retry(id, { ...actorOf(ctx), confirmDuplicate }) } satisfies RetryPublication.Response;
    },
    /** POST /publications/:id/cancel */
    async cancel(ctx: RequestContext) {
      const { id } = parseInput(idSchema, ctx.params, 'params');
      ctx.body = { data: await publications().cancel(id, actorOf(ctx)) } satisfies CancelPublication.Response;
    },
    /** POST /preview: what would be posted for an entry, with warnings and errors. */
    async preview(ctx: RequestContext) {
      const body = parseInput(previewSchema, ctx.request.body, 'body');
      ctx.body = { data: await publications().preview(body, actorOf(ctx)) } satisfies PreviewPublication.Response;
    },
  };
};
