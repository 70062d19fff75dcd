import { parsePublicationSort, publicationSortSchema, SORT_MESSAGE } from '../../../server/src/controllers/publication-sort';
import { parseInput } from '../../../server/src/utils/validation';
import { z } from 'zod';

const listQuery = z.object({ sort: publicationSortSchema.optional() });

describe('the sort parameter of publications lists', () => {
  it.each([
    ['likes:desc', { field: 'likes', direction: 'desc' }],
    ['likes:ASC', { field: 'likes', direction: 'asc' }],
    ['comments:asc', { field: 'comments', direction: 'asc' }],
    ['reach', { field: 'reach', direction: 'desc' }],
    ['createdAt:asc', { field: 'createdAt', direction: 'asc' }],
    [' createdat:DESC ', { field: 'createdAt', direction: 'desc' }],
  ])('reads %p', (text, expected) => {
    expect(parsePublicationSort(text)).toEqual(expected);
  });

  it.each(['', 'views:desc', 'likes:up', 'likes:desc:asc', 'likeCount', 'likes desc', 'id:asc'])('refuses %p', (text) => {
    expect(parsePublicationSort(text)).toBeNull();
  });

  it('a bad value is a 400 naming the sort field and saying what is accepted', () => {
    const attempt = () => parseInput(listQuery, { sort: 'shares:desc' }, 'query');
    expect(attempt).toThrow(/sort/);
    try {
      attempt();
    } catch (error: any) {
      expect(error.name).toBe('ValidationError');
      expect(error.details.errors[0]).toMatchObject({ path: ['sort'], message: SORT_MESSAGE });
      expect(SORT_MESSAGE).toMatch(/createdAt, likes, comments, reach/);
    }
  });

  it('a sort given twice (an array) is refused naming the field, never a 500', () => {
    expect(() => parseInput(listQuery, { sort: ['likes:asc', 'reach:asc'] }, 'query')).toThrow(/sort/);
  });

  it('no sort leaves the default order to the store', () => {
    expect(parseInput(listQuery, {}, 'query')).toEqual({});
  });
});
