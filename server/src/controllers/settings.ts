import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { mappingsSchema } from '../publishing/mapping-schema';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validation';

const updateSchema = z.object({ mappings: mappingsSchema }).strict();

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const describe = async () => {
    const mappings = getService(strapi, 'mappings');
    return {
      mappings: await mappings.getAll(),
      contentTypes: mappings.contentTypes().map(({ uid, displayName, fields }) => ({ uid, displayName, fields })),
    };
  };
  return {
    /** GET /settings: the mappings in force and the content types they can target. */
    async find(ctx: any) {
      ctx.body = { data: await describe() };
    },
    /** PUT /settings: replaces every mapping after checking each against its content type. */
    async update(ctx: any) {
      const { mappings } = parseInput(updateSchema, ctx.request.body, 'body');
      await getService(strapi, 'mappings').replaceAll(mappings);
      ctx.body = { data: await describe() };
    },
  };
};
