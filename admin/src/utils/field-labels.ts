import type { TranslationKey } from '../hooks/useT';

/**
 * The words an editor knows for each field the server may name in `details.errors[].path`:
 * request fields of the panel's calls, and a mapping's fields (their labels on the settings page).
 */
const LABELS: Record<string, TranslationKey> = {
  uid: 'errors.field.uid',
  documentId: 'errors.field.documentId',
  locale: 'errors.field.locale',
  caption: 'errors.field.caption',
  scheduledAt: 'errors.field.scheduledAt',
  connectionId: 'mappings.connection',
  enabled: 'mappings.enabled',
  autoPublish: 'mappings.autoPublish',
  postKind: 'mappings.postKind',
  mediaFields: 'mappings.mediaFields',
  captionTemplate: 'mappings.captionTemplate',
  altTextField: 'mappings.altTextField',
  locationIdField: 'mappings.locationIdField',
  userTagsField: 'mappings.userTagsField',
  collaboratorsField: 'mappings.collaboratorsField',
  firstCommentTemplate: 'mappings.firstCommentTemplate',
  firstCommentField: 'mappings.firstCommentField',
  coverField: 'mappings.coverField',
  shareToFeed: 'mappings.shareToFeed',
};

/** The label key of the innermost known field of a path (`['mappings', uid, 'mediaFields', '0']` → media fields). */
export const fieldLabelKey = (path: string[]): TranslationKey | null => {
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const key = LABELS[path[index]];
    if (key) return key;
  }
  return null;
};
