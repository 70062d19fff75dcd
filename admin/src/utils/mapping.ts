import type { ContentTypeField, MappableContentType, Mapping } from '../api';

const TEXT_TYPES = ['string', 'text', 'richtext', 'blocks', 'email', 'uid', 'enumeration', 'integer', 'biginteger', 'decimal', 'float', 'date', 'datetime'];

export const mediaFields = (type: MappableContentType): ContentTypeField[] => type.fields.filter((field) => field.type === 'media');

export const textFields = (type: MappableContentType): ContentTypeField[] =>
  type.fields.filter((field) => TEXT_TYPES.includes(field.type));

/** Fields that can carry structured values (user tags, collaborators): JSON or plain text. */
export const listFields = (type: MappableContentType): ContentTypeField[] =>
  type.fields.filter((field) => field.type === 'json' || TEXT_TYPES.includes(field.type));

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
    locationIdField: null,
    userTagsField: null,
    collaboratorsField: null,
    shareToFeed: true,
  };
};

/** Placeholders `{{name}}` in a template, in order of appearance. */
export const templateFields = (template: string): string[] =>
  Array.from(template.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g), (match) => match[1]);
