import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { ListMyFiles, UploadMyFiles } from '../contracts';
import { getService } from '../utils/get-service';
import { readMultipart } from '../utils/multipart';
import { parseInput } from '../utils/validation';
import type { RequestContext } from './context';
import { endUserOf, uploadLimits } from './end-user';

// Query strings arrive as text (or qs arrays): read loosely, then coerced.
const listSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** An end user's own files (contracts/end-users.ts): upload, list. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const files = () => getService(strapi, 'endUserFiles');
  return {
    /** POST /me/files: multipart, 1–10 images or videos in `files`. */
    async create(ctx: RequestContext) {
      const userId = endUserOf(ctx).id;
      const data = await readMultipart(strapi, ctx, uploadLimits(strapi), ({ files: parts }) => files().upload(userId, parts));
      ctx.status = 201;
      ctx.body = { data } satisfies UploadMyFiles.Response;
    },
    /** GET /me/files: the user's files, newest first. */
    async find(ctx: RequestContext) {
      const userId = endUserOf(ctx).id;
      const { page, pageSize } = parseInput(listSchema, ctx.query, 'query');
      const { data, pagination } = await files().list(userId, page, pageSize);
      ctx.body = { data, meta: { pagination } } satisfies ListMyFiles.Response;
    },
  };
};
