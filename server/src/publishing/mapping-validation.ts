import { BUILTIN_VARIABLES, TemplateSyntaxError, templateVariables, type TemplatePosition } from './caption';
import { TEXT_TYPES, fieldOf, type ContentTypeInfo } from './content-types';
import type { Mapping } from './mapping-schema';

export interface MappingProblem {
  /** Path under the mapping, e.g. ['mediaFields', 0]. */
  path: Array<string | number>;
  message: string;
  /** Template syntax errors: where in the template, so the editor can point at it. */
  position?: TemplatePosition;
}

/** Attribute types a "text" option (alt text, location id, first comment) may point at. */
const SHORT_TEXT_TYPES = new Set(['string', 'text', 'richtext', 'email', 'uid', 'enumeration', 'biginteger', 'integer']);
const LIST_TYPES = new Set(['string', 'text', 'json']);

/**
 * Checks a mapping against the real content type: every field exists and has a usable kind, and
 * templates only name fields the entry has. Returns problems instead of throwing so all can be shown.
 */
export const validateMapping = (mapping: Mapping, type: ContentTypeInfo, connectionIds: Set<string> | null): MappingProblem[] => {
  const problems: MappingProblem[] = [];
  const requireField = (path: Array<string | number>, name: string | null | undefined, allowed: Set<string>, what: string) => {
    if (!name) return;
    const field = fieldOf(type, name);
    if (!field) {
      problems.push({ path, message: `"${name}" is not a field of ${type.displayName} (${type.uid})` });
    } else if (!allowed.has(field.type)) {
      problems.push({ path, message: `"${name}" is a ${field.type} field; ${what}` });
    }
  };

  mapping.mediaFields.forEach((name, index) => {
    const field = fieldOf(type, name);
    if (!field) problems.push({ path: ['mediaFields', index], message: `"${name}" is not a field of ${type.displayName} (${type.uid})` });
    else if (field.type !== 'media') problems.push({ path: ['mediaFields', index], message: `"${name}" is a ${field.type} field; media fields must be media attributes` });
  });
  if (mapping.enabled && mapping.mediaFields.length === 0) {
    problems.push({ path: ['mediaFields'], message: 'choose at least one media field: Instagram posts need an image or a video' });
  }

  const mediaFields = mapping.mediaFields.map((name) => fieldOf(type, name)).filter((field) => field?.type === 'media');
  const allows = (kind: 'images' | 'videos') => mediaFields.some((field) => field!.allowedTypes?.includes(kind) || field!.allowedTypes?.includes('files'));
  if (mediaFields.length === mapping.mediaFields.length && mediaFields.length > 0) {
    if (mapping.postKind === 'reel' && !allows('videos')) {
      problems.push({ path: ['postKind'], message: 'a reel needs a video, but none of the media fields accepts videos' });
    }
    if (mapping.postKind === 'image' && !allows('images')) {
      problems.push({ path: ['postKind'], message: 'an image post needs an image, but none of the media fields accepts images' });
    }
    if (mapping.postKind === 'carousel' && mediaFields.length < 2 && !mediaFields.some((field) => field!.multiple)) {
      problems.push({ path: ['postKind'], message: 'a carousel needs 2 to 10 media: use a multiple media field or several media fields' });
    }
  }

  requireField(['altTextField'], mapping.altTextField, SHORT_TEXT_TYPES, 'alt text must come from a text field');
  requireField(['firstCommentField'], mapping.firstCommentField, SHORT_TEXT_TYPES, 'the first comment must come from a text field');
  requireField(['locationIdField'], mapping.locationIdField, SHORT_TEXT_TYPES, 'a location id must come from a text field');
  requireField(['userTagsField'], mapping.userTagsField, LIST_TYPES, 'user tags must come from a text or JSON field');
  requireField(['collaboratorsField'], mapping.collaboratorsField, LIST_TYPES, 'collaborators must come from a text or JSON field');
  requireField(['coverField'], mapping.coverField, new Set(['media']), 'a reel cover must be a media field');
  if (mapping.coverField && fieldOf(type, mapping.coverField)?.type === 'media') {
    const cover = fieldOf(type, mapping.coverField)!;
    if (!cover.allowedTypes?.includes('images') && !cover.allowedTypes?.includes('files')) {
      problems.push({ path: ['coverField'], message: `"${mapping.coverField}" does not accept images; a reel cover is an image` });
    }
  }

  const checkTemplate = (path: string, template: string | null | undefined) => {
    if (!template) return;
    let variables: string[];
    try {
      variables = templateVariables(template);
    } catch (error) {
      if (error instanceof TemplateSyntaxError) {
        problems.push({ path: [path], message: `template error: ${error.message}`, position: error.position });
        return;
      }
      throw error;
    }
    for (const name of variables) {
      if (BUILTIN_VARIABLES.has(name)) continue;
      const field = fieldOf(type, name);
      if (!field) problems.push({ path: [path], message: `the template uses {{${name}}}, which is not a field of ${type.displayName} (${type.uid})` });
      else if (!TEXT_TYPES.has(field.type)) problems.push({ path: [path], message: `the template uses {{${name}}}, a ${field.type} field that cannot be written as text` });
    }
  };
  checkTemplate('captionTemplate', mapping.captionTemplate);
  checkTemplate('firstCommentTemplate', mapping.firstCommentTemplate);

  if (mapping.connectionId && connectionIds && !connectionIds.has(mapping.connectionId)) {
    problems.push({ path: ['connectionId'], message: `no Instagram connection has the id "${mapping.connectionId}"` });
  }
  return problems;
};
