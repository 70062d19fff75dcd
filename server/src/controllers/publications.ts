import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { mappingSchema } from '../publishing/mapping-schema';
import { PublicationStateError } from '../services/publications';
import type { PublicationStatus } from '../store/types';
import { getService } from '../utils/get-service';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../utils/storable-text';
import { parseInput } from '../utils/validation';

const STATUSES = ['queued', 'preparing', 'containers_created', 'processing', 'publishing', 'published', 'deferred', 'failed', 'cancelled'] as const;

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
    .pipe(z.array(z.enum(STATUSES)))
    .optional(),
  connectionId: z.string().trim().min(1).max(64).refine(isStorableText, STORABLE_TEXT_MESSAGE).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const createSchema = z
  .object({
    uid: uidSchema,
    documentId: documentIdSchema,
    locale: localeSchema.nullish(),
    connectionId: z.string().trim().min(1).max(64).nullish(),
    caption: z.string().max(2200, 'Instagram captions are at most 2,200 characters').refine(isStorableText, STORABLE_TEXT_MESSAGE).nullish(),
    // An offset is required so "10:00" can never be read in the server's timezone instead of the editor's.
    scheduledAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a timezone, e.g. 2026-12-01T09:30:00+01:00' })
      .transform((value) => new Date(value))
      .nullish(),
  })
  .strict();

const previewSchema = z
  .object({
    uid: uidSchema,
    documentId: documentIdSchema.optional(),
    locale: localeSchema.nullish(),
    mapping: mappingSchema.optional(),
    status: z.enum(['draft', 'published']).optional(),
  })
  .strict();

/** Wrong state for the action: 409 with the reason, in Strapi's error shape. */
const conflict = (ctx: any, message: string) => {
  ctx.status = 409;
  ctx.body = { data: null, error: { status: 409, name: 'ConflictError', message, details: {} } };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const publications = () => getService(strapi, 'publications');
  const guardState = async (ctx: any, run: () => Promise<unknown>) => {
    try {
      ctx.body = { data: await run() };
    } catch (error) {
      if (error instanceof PublicationStateError) return conflict(ctx, error.message);
      throw error;
    }
  };
  return {
    /** GET /publications */
    async find(ctx: any) {
      const query = parseInput(listSchema, ctx.query, 'query');
      const { results, pagination } = await publications().list({ ...query, status: query.status as PublicationStatus[] | undefined });
      ctx.body = { data: results, meta: { pagination } };
    },
    /** POST /publications: publish now, or at `scheduledAt`. */
    async create(ctx: any) {
      const body = parseInput(createSchema, ctx.request.body, 'body');
      const userId = ctx.state?.user?.id;
      const view = await publications().create(body, userId !== undefined ? String(userId) : null);
      ctx.status = 201;
      ctx.body = { data: view };
    },
    /** POST /publications/:id/retry */
    async retry(ctx: any) {
      const { id } = parseInput(idSchema, ctx.params, 'params');
      await guardState(ctx, () => publications().retry(id));
    },
    /** POST /publications/:id/cancel */
    async cancel(ctx: any) {
      const { id } = parseInput(idSchema, ctx.params, 'params');
      await guardState(ctx, () => publications().cancel(id));
    },
    /** POST /preview: what would be posted for an entry, with warnings and errors. */
    async preview(ctx: any) {
      const body = parseInput(previewSchema, ctx.request.body, 'body');
      ctx.body = { data: await publications().preview(body) };
    },
  };
};
