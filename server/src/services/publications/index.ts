import type { Core } from '@strapi/strapi';
import { createPublicationActions } from './actions';
import { createPublicationsContext } from './context';
import { createListing } from './listing';
import { createPreview } from './preview';
import { createQueueing } from './queue';

export type { Actor } from './context';
export type { CreatePublicationInput } from './queue';
export type { PreviewInput } from './preview';

/**
 * Publications, split by job: queueing (the publish hook, post now, schedule), reading (lists, one,
 * permalinks), an editor's actions (retry, cancel) and the preview. One service for callers.
 */
export const createPublicationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const context = createPublicationsContext(strapi);
  return {
    ...createQueueing(context),
    ...createListing(context),
    ...createPublicationActions(context),
    ...createPreview(context),
  };
};

export type PublicationsService = ReturnType<typeof createPublicationsService>;
