import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { commentHandlers } from './comments';
import { endUserOf } from './end-user';

/** An end user's moderation of the comments on their own posts; anyone else's post answers 404. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  commentHandlers(strapi, (ctx, id) => getService(strapi, 'comments').userTarget(endUserOf(ctx).id, id));
