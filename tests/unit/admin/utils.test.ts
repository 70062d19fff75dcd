import { editViewPath, shortUid } from '../../../admin/src/utils/contentTypes';
import { daysUntil } from '../../../admin/src/utils/dates';
import { defaultMapping, listFields, mediaFields, templateFields, textFields } from '../../../admin/src/utils/mapping';
import type { MappableContentType } from '../../../server/src/contracts';

const article = (): MappableContentType => ({
  uid: 'api::article.article',
  displayName: 'Article',
  fields: [
    { name: 'title', type: 'string' },
    { name: 'excerpt', type: 'text' },
    { name: 'body', type: 'blocks' },
    { name: 'tags', type: 'json' },
    { name: 'cover', type: 'media', multiple: false, allowedTypes: ['images'] },
    { name: 'gallery', type: 'media', multiple: true, allowedTypes: ['images', 'videos'] },
  ],
});

describe('admin utilities', () => {
  describe('daysUntil', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    it('counts whole days left, negative once past, null for "never"', () => {
      expect(daysUntil('2026-12-07T12:00:00Z', now)).toBe(10);
      expect(daysUntil('2026-11-27T18:00:00Z', now)).toBe(0);
      expect(daysUntil('2026-11-25T12:00:00Z', now)).toBe(-2);
      expect(daysUntil(null, now)).toBeNull();
      expect(daysUntil('not a date', now)).toBeNull();
    });
  });

  describe('content-type helpers', () => {
    it('turns a uid into a readable name', () => {
      expect(shortUid('api::article.article')).toBe('Article');
      expect(shortUid('api::blog-post.blog-post')).toBe('Blog post');
    });

    it('links an entry to its Content Manager edit view, with its locale', () => {
      expect(editViewPath('api::article.article', 'abc123', 'fr')).toBe(
        '/content-manager/collection-types/api::article.article/abc123?plugins[i18n][locale]=fr'
      );
      expect(editViewPath('api::article.article', 'abc123', null)).toBe('/content-manager/collection-types/api::article.article/abc123');
    });
  });

  describe('mapping helpers', () => {
    it('offers each field only where the server accepts its kind', () => {
      const type = article();
      expect(mediaFields(type).map((field) => field.name)).toEqual(['cover', 'gallery']);
      expect(textFields(type).map((field) => field.name)).toEqual(['title', 'excerpt']);
      expect(templateFields(type).map((field) => field.name)).toEqual(['title', 'excerpt', 'body']);
      expect(listFields(type).map((field) => field.name)).toEqual(['title', 'excerpt', 'tags']);
    });

    it('starts a new mapping switched off, from the first media field and the title', () => {
      expect(defaultMapping(article())).toMatchObject({
        enabled: false,
        autoPublish: false,
        connectionId: null,
        postKind: 'auto',
        mediaFields: ['cover'],
        captionTemplate: '{{title}}',
      });
    });
  });
});
