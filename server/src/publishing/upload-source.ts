import type { Core } from '@strapi/strapi';
import { createFileRecords, type UploadFileRow } from '../services/end-users/file-records';
import type { PublicationError } from '../store/types';
import type { ContentTypeInfo } from './content-types';
import type { LiveSettings, PlanSettings } from './entry-source';
import type { Mapping } from './mapping-schema';
import { buildPlan, type PlanResult } from './plan';
import type { PostSource } from './post-content';
import { USER_POST_UID, userPostInputSchema, type UserPostInput } from './user-post';

/**
 * Posts made of an end user's own files. The publication's `input` holds the files and options;
 * they are given to `buildPlan` as an entry of a content type that exists only here, with the
 * mapping that reads each option from its field. Every media rule, rendition and caption check is
 * therefore the one entries go through, and so is the content hash the dedupe key is made of.
 */
const USER_POST_TYPE: ContentTypeInfo = {
  uid: USER_POST_UID,
  displayName: 'Post',
  kind: 'collectionType',
  draftAndPublish: false,
  localized: false,
  fields: [
    { name: 'files', type: 'media', multiple: true, allowedTypes: ['images', 'videos'] },
    { name: 'firstComment', type: 'text' },
    { name: 'locationId', type: 'string' },
    { name: 'userTags', type: 'json' },
    { name: 'collaborators', type: 'json' },
  ],
};

const mappingFor = (input: UserPostInput): Mapping => ({
  enabled: true,
  connectionId: null,
  autoPublish: false,
  postKind: input.kind,
  mediaFields: ['files'],
  captionTemplate: '',
  altTextField: null,
  firstCommentField: 'firstComment',
  firstCommentTemplate: null,
  locationIdField: 'locationId',
  userTagsField: 'userTags',
  collaboratorsField: 'collaborators',
  shareToFeed: input.shareToFeed,
  coverField: null,
});

/**
 * What would be posted for these files and options (`files` in `input.fileIds` order). With
 * `prepare` the files are read and renditions made (the worker); without, only described (the
 * route's checks before queueing).
 */
export const planUserPost = async (strapi: Core.Strapi, input: UserPostInput, files: UploadFileRow[], prepare: boolean, settings: PlanSettings): Promise<PlanResult> => {
  const entry = {
    files: files.map((file, index) => {
      const alt = input.altTexts[index];
      // null or '' keeps the file's own alternative text.
      return alt && alt.trim() ? { ...file, alternativeText: alt } : file;
    }),
    firstComment: input.firstComment,
    locationId: input.locationId,
    userTags: input.userTags,
    collaborators: input.collaborators,
  };
  const result = await buildPlan(strapi, { mapping: mappingFor(input), type: USER_POST_TYPE, entry, locale: null, captionOverride: input.caption, prepare, ...settings });
  // An entry's text fields are read as HTML; a user's comment is posted as they wrote it.
  if (result.plan && result.plan.kind !== 'story') result.plan.firstComment = input.firstComment?.trim() || null;
  return result;
};

const invalid = (message: string): { failure: PublicationError } => ({ failure: { code: null, subcode: null, class: 'invalid', message } });

export const settingsNow = (settings: LiveSettings): PlanSettings => ({ worker: settings.worker(), sandbox: settings.sandbox(), publicUrl: settings.publicUrl() });

/**
 * The worker's source for end users' posts. The files are looked up as the owner's again when the
 * post is prepared: `input` can only name files its owner uploaded, whatever wrote the row.
 */
export const createUploadSource = (strapi: Core.Strapi, settings: LiveSettings): PostSource => {
  const records = createFileRecords(strapi);
  return {
    async open(publication) {
      const owner = publication.ownerUserId;
      if (!owner) return invalid('This post of uploaded files has no owner, so it cannot be posted.');
      const parsed = userPostInputSchema.safeParse(publication.input);
      if (!parsed.success) return invalid('What this post is made of can no longer be read: create the post again.');
      const input = parsed.data;
      return {
        async prepare() {
          const { files, missing } = await records.owned(owner, input.fileIds);
          if (missing.length) {
            return invalid(`${missing.length === 1 ? `File ${missing[0]} is` : `Files ${missing.join(', ')} are`} no longer available (deleted from the Media Library?): upload again and create a new post.`);
          }
          const result = await planUserPost(strapi, input, files, true, settingsNow(settings));
          if (!result.plan) return invalid(result.errors.join(' '));
          return { plan: result.plan, warnings: result.warnings };
        },
      };
    },
  };
};
