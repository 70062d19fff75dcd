import type { ContentTypeField, MappableContentType, Mapping } from '../../../server/src/contracts';

/** Attribute types the server accepts for text options (alt text, location id, first comment). */
const TEXT_TYPES = ['string', 'text', 'richtext', 'email', 'uid', 'enumeration', 'integer', 'biginteger'];
/** Attribute types whose value reads as text in a caption template. */
const TEMPLATE_TYPES = [...TEXT_TYPES, 'blocks', 'decimal', 'float', 'date', 'datetime', 'time', 'boolean'];

export const mediaFields = (type: MappableContentType): ContentTypeField[] => type.fields.filter((field) => field.type === 'media');

export const textFields = (type: MappableContentType): ContentTypeField[] =>
  type.fields.filter((field) => TEXT_TYPES.includes(field.type));

export const templateFields = (type: MappableContentType): ContentTypeField[] =>
  type.fields.filter((field) => TEMPLATE_TYPES.includes(field.type));

/** Fields that can carry structured values (user tags, collaborators): JSON or plain text. */
export const listFields = (type: MappableContentType): ContentTypeField[] =>
  type.fields.filter((field) => ['string', 'text', 'json'].includes(field.type));

/** A sensible starting point for a type never mapped: off, its first media field, its title. */
export const defaultMapping = (type: MappableContentType): Mapping => {
  const media = mediaFields(type)[0];
  const title = type.fields.find((field) => field.name === 'title') ?? textFields(type)[0];
  return {
    enabled: false,
    connectionId: null,
    autoPublish: false,
    postKind: 'auto',
    mediaFields: media ? [media.name] : [],
    captionTemplate: title ? `{{${title.name}}}` : '',
    altTextField: null,
    firstCommentTemplate: null,
    firstCommentField: null,
    coverField: null,
    locationIdField: null,
    userTagsField: null,
    collaboratorsField: null,
    shareToFeed: true,
  };
};
