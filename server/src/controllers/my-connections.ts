import type { Core } from '@strapi/strapi';
import type { DeleteMyConnection, ListMyConnections } from '../contracts';
import { getService } from '../utils/get-service';
import type { RequestContext } from './context';
import { endUserOf } from './end-user';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /me/connections: the signed-in user's own connections. */
  async find(ctx: RequestContext) {
    const user = endUserOf(ctx);
    const service = getService(strapi, 'endUserConnections');
    ctx.body = { data: await service.list(user.id), meta: { maxConnections: service.maxConnections() } } satisfies ListMyConnections.Response;
  },

  /** DELETE /me/connections/:id: one of the user's own; any other id (someone else's, malformed) is a 404. */
  async delete(ctx: RequestContext) {
    const user = endUserOf(ctx);
    const id = String(ctx.params.id ?? '');
    ctx.body = { data: await getService(strapi, 'endUserConnections').disconnect(user.id, id) } satisfies DeleteMyConnection.Response;
  },
});
