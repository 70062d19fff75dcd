import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { mappingsSchema } from '../publishing/mapping-schema';
import { getService } from '../utils/get-service';
import { parseInput, requestSchema } from '../utils/validation';
import type { RequestContext } from './context';
import type { GetSettings, UpdateSettings } from '../contracts';

const updateSchema = requestSchema<UpdateSettings.Request>()(z.object({ mappings: mappingsSchema }).strict());

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
    async find(ctx: RequestContext) {
      ctx.body = { data: await describe() } satisfies GetSettings.Response;
    },
    /** PUT /settings: replaces every mapping after checking each against its content type. */
    async update(ctx: RequestContext) {
      const { mappings } = parseInput(updateSchema, ctx.request.body, 'body');
      await getService(strapi, 'mappings').replaceAll(mappings);
      ctx.body = { data: await describe() } satisfies UpdateSettings.Response;
    },
  };
};
