import { describeApiError, duplicateOf, fieldError, withoutFieldPrefix } from '../../../admin/src/utils/api-errors';
import { fieldLabelKey } from '../../../admin/src/utils/field-labels';
import en from '../../../admin/src/translations/en.json';

/** What Strapi's fetch client throws for an error answer: the body sits at response.data. */
const fetchError = (error: Record<string, unknown>) => Object.assign(new Error('Request failed'), { name: 'FetchError', response: { data: { data: null, error } } });

const validation = (message: string, errors: Array<{ path: string[]; message: string }>) =>
  fetchError({ status: 400, name: 'ValidationError', message, details: { errors: errors.map((item) => ({ ...item, name: 'ValidationError' })) } });

/** The English label of a path, as the admin shows it. */
const label = (path: string[]) => {
  const key = fieldLabelKey(path);
  return key ? (en as Record<string, string>)[key] : null;
};

describe('editor-facing error messages', () => {
  it('never names a request field: "Invalid body: connectionId: …" becomes "Account: …"', () => {
    // Given the answer the panel got when no account is connected
    const error = validation('Invalid body: connectionId: no Instagram account is connected', [{ path: ['connectionId'], message: 'no Instagram account is connected' }]);
    // When it is described for the editor
    const text = describeApiError(error, label);
    // Then the field is named by its label and the request name is gone
    expect(text).toBe('Account: No Instagram account is connected');
    expect(text).not.toMatch(/connectionId|Invalid body/);
  });

  it('labels each failing field, request fields and mapping fields alike, and keeps readable sentences', () => {
    const error = validation('Invalid body', [
      { path: ['scheduledAt'], message: 'The chosen time has passed.' },
      { path: ['caption'], message: 'Instagram captions are at most 2,200 characters' },
      { path: ['mappings', 'api::article.article', 'mediaFields', '0'], message: '"poster" is not a field of Article' },
      { path: ['somethingNew'], message: 'is not allowed' },
    ]);
    expect(describeApiError(error, label)?.split('\n')).toEqual([
      'Publication time: The chosen time has passed.',
      'Caption: Instagram captions are at most 2,200 characters',
      'Media fields: "poster" is not a field of Article',
      // A field the admin has no word for is left out rather than named
      'Is not allowed',
    ]);
  });

  it('shows any other error answer as the server wrote it (a 403 naming the entry), minus an old field prefix', () => {
    const forbidden = fetchError({ status: 403, name: 'ForbiddenError', message: 'You may not read Article "Someone else\'s draft".', details: {} });
    expect(describeApiError(forbidden, label)).toBe('You may not read Article "Someone else\'s draft".');
    expect(describeApiError(fetchError({ status: 400, name: 'ValidationError', message: 'Invalid body: uid: is not mapped' }), label)).toBe('is not mapped');
    // Not an answer of the server at all: the caller falls back to Strapi's wording
    expect(describeApiError(new Error('Failed to fetch'), label)).toBeNull();
  });

  it('strips only a leading "Invalid <where>: <field>:" prefix', () => {
    expect(withoutFieldPrefix('Invalid query: page: must be at least 1')).toBe('must be at least 1');
    expect(withoutFieldPrefix('Invalid body: (root): expected an object')).toBe('expected an object');
    expect(withoutFieldPrefix('Invalid body: Expected object')).toBe('Expected object');
    expect(withoutFieldPrefix('The time is invalid: choose another')).toBe('The time is invalid: choose another');
  });

  it('finds the error about one field, so the dialog can show it next to that field', () => {
    const error = validation('x', [{ path: ['scheduledAt'], message: 'The chosen time has passed.' }]);
    expect(fieldError(error, 'scheduledAt')?.message).toBe('The chosen time has passed.');
    expect(fieldError(error, 'caption')).toBeUndefined();
    expect(fieldError(new Error('network'), 'scheduledAt')).toBeUndefined();
  });

  it('reads the existing post of a duplicate refusal, and nothing from any other 409', () => {
    const duplicate = fetchError({
      status: 409,
      name: 'DuplicatePostError',
      message: 'This version was already posted to @sandbox_brand.',
      details: { existing: { id: 7, status: 'published', permalink: 'http://127.0.0.1:4010/p/abc/', publishedAt: '2026-11-20T09:00:00.000Z', username: 'sandbox_brand' } },
    });
    expect(duplicateOf(duplicate)).toEqual({ id: '7', status: 'published', permalink: 'http://127.0.0.1:4010/p/abc/', publishedAt: '2026-11-20T09:00:00.000Z', username: 'sandbox_brand' });
    expect(duplicateOf(fetchError({ status: 409, name: 'ConflictError', message: 'Only failed publications can be retried.', details: {} }))).toBeNull();
    expect(duplicateOf(fetchError({ status: 409, name: 'DuplicatePostError', message: 'x', details: {} }))).toBeNull();
  });
});
