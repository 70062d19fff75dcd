import type { Core } from '@strapi/strapi';

export interface FieldInfo {
  name: string;
  type: string;
  multiple?: boolean;
  allowedTypes?: string[];
}

export interface ContentTypeInfo {
  uid: string;
  displayName: string;
  kind: 'collectionType' | 'singleType';
  draftAndPublish: boolean;
  localized: boolean;
  fields: FieldInfo[];
}

/** Attributes Strapi adds to every type: never useful as post content. */
const SYSTEM_FIELDS = new Set([
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'locale',
  'localizations',
]);

/** Attribute types whose value reads as text in a caption. */
export const TEXT_TYPES = new Set([
  'string',
  'text',
  'richtext',
  'blocks',
  'email',
  'uid',
  'enumeration',
  'integer',
  'biginteger',
  'decimal',
  'float',
  'date',
  'datetime',
  'time',
  'boolean',
]);

/** The app's own (`api::`) collection and single types, with the fields a mapping can use. */
export const listContentTypes = (strapi: Core.Strapi): ContentTypeInfo[] =>
  Object.entries(strapi.contentTypes as Record<string, any>)
    .filter(([uid]) => uid.startsWith('api::'))
    .map(([uid, schema]) => describeContentType(uid, schema))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));

export const getContentType = (strapi: Core.Strapi, uid: string): ContentTypeInfo | null => {
  if (!uid.startsWith('api::')) return null;
  const schema = (strapi.contentTypes as Record<string, any>)[uid];
  return schema ? describeContentType(uid, schema) : null;
};

const describeContentType = (uid: string, schema: any): ContentTypeInfo => ({
  uid,
  displayName: schema.info?.displayName ?? uid,
  kind: schema.kind === 'singleType' ? 'singleType' : 'collectionType',
  draftAndPublish: schema.options?.draftAndPublish === true,
  localized: schema.pluginOptions?.i18n?.localized === true,
  fields: Object.entries((schema.attributes ?? {}) as Record<string, any>)
    .filter(([name]) => !SYSTEM_FIELDS.has(name))
    .map(([name, attribute]) => {
      const field: FieldInfo = { name, type: String(attribute.type) };
      if (attribute.type === 'media') {
        field.multiple = attribute.multiple === true;
        field.allowedTypes = Array.isArray(attribute.allowedTypes) ? attribute.allowedTypes : ['images', 'files', 'videos', 'audios'];
      }
      return field;
    }),
});

export const fieldOf = (type: ContentTypeInfo, name: string | null | undefined): FieldInfo | undefined =>
  name ? type.fields.find((field) => field.name === name) : undefined;
