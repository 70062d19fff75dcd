import type { Core } from '@strapi/strapi';
import { createEntrySource, type LiveSettings } from './entry-source';
import type { PostSource } from './post-content';
import { createUploadSource } from './upload-source';
import { isUserPost } from './user-post';

/**
 * The worker's one source: each publication is posted from what its row names, a CMS entry under
 * its mapping, or an end user's own files and options (`input`, with its owner).
 */
export const createPostSources = (strapi: Core.Strapi, settings: LiveSettings): PostSource => {
  const entries = createEntrySource(strapi, settings);
  const uploads = createUploadSource(strapi, settings);
  return {
    open: (publication) => (isUserPost(publication) ? uploads : entries).open(publication),
  };
};
