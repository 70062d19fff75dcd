import type { ContentTypeInfo } from '../../../server/src/publishing/content-types';
import { mappingSchema, mappingsSchema, workerSchema } from '../../../server/src/publishing/mapping-schema';
import { validateMapping } from '../../../server/src/publishing/mapping-validation';

const article: ContentTypeInfo = {
  uid: 'api::article.article',
  displayName: 'Article',
  kind: 'collectionType',
  draftAndPublish: true,
  localized: true,
  fields: [
    { name: 'title', type: 'string' },
    { name: 'body', type: 'richtext' },
    { name: 'tags', type: 'json' },
    { name: 'cover', type: 'media', multiple: false, allowedTypes: ['images'] },
    { name: 'gallery', type: 'media', multiple: true, allowedTypes: ['images', 'videos'] },
    { name: 'author', type: 'relation' },
  ],
};

const check = (input: Record<string, unknown>, connections: string[] | null = null) =>
  validateMapping(mappingSchema.parse(input), article, connections ? new Set(connections) : null);

describe('mapping validation against a content type', () => {
  it('accepts a complete mapping', () => {
    expect(
      check({ mediaFields: ['cover', 'gallery'], captionTemplate: '{{title}} {{locale}}', altTextField: 'title', userTagsField: 'tags', collaboratorsField: 'title', firstCommentTemplate: '{{body}}', connectionId: '7' }, ['7']),
    ).toEqual([]);
  });

  it.each([
    [{ mediaFields: ['poster'] }, ['mediaFields', 0], /"poster" is not a field of Article/],
    [{ mediaFields: ['author'] }, ['mediaFields', 0], /relation field/],
    [{ mediaFields: ['cover'], captionTemplate: '{{author}}' }, ['captionTemplate'], /relation field that cannot be written as text/],
    [{ mediaFields: ['cover'], postKind: 'carousel' }, ['postKind'], /a carousel needs 2 to 10 media/],
    [{ mediaFields: ['cover'], userTagsField: 'body' }, ['userTagsField'], /user tags must come from a text or JSON field/],
    [{ mediaFields: ['cover'], connectionId: '9' }, ['connectionId'], /no Instagram connection has the id "9"/],
  ])('reports %j at its path', (input, path, message) => {
    const problems = check(input, ['7']);
    expect(problems).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it.each([
    ['captionTemplate', { captionTemplate: '{{title}} {{body' }, { index: 10, line: 1, column: 11 }, /template error: unclosed "\{\{" at character 11/],
    ['firstCommentTemplate', { firstCommentTemplate: 'Read more:\n{{ link url }}' }, { index: 11, line: 2, column: 1 }, /template error: "\{\{ link url \}\}" is not a field name at line 2, column 1/],
  ])('reports a malformed %s with its position', (field, patch, position, message) => {
    expect(check({ mediaFields: ['cover'], ...patch })).toEqual([{ path: [field], message: expect.stringMatching(message), position }]);
  });

  it('allows a disabled mapping without media fields', () => {
    expect(check({ enabled: false })).toEqual([]);
  });

  it('names a key that is not a content-type uid', () => {
    const result = mappingsSchema.safeParse({ article: {} });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['article'], message: expect.stringMatching(/must be a content-type uid/) });
  });

  it('defaults the worker to 1 s / 10 s first polls, 60 s backoff cap and a 30 min budget', () => {
    expect(workerSchema.parse({})).toMatchObject({ pollInitialImageMs: 1_000, pollInitialVideoMs: 10_000, pollMaxMs: 60_000, pollBudgetMs: 1_800_000 });
    expect(workerSchema.safeParse({ concurrency: 0 }).success).toBe(false);
  });
});
