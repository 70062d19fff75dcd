import { randomBytes } from 'node:crypto';
import type { Store } from '../../../server/src/store/types';
import { publicationFactory } from './contract';

let sequence = 0;
const uniqueId = () => `1785${Date.now()}${(sequence += 1).toString().padStart(4, '0')}`;

/**
 * Part of the store contract (contract.ts): a post's latest numbers kept in sortable columns, the
 * comments Instagram notifies counted on them, and lists sorted by them with posts never read last.
 */
export const describePublicationNumbers = (store: () => Store) => {
  it('keeps a read’s numbers in sortable columns and counts each notified comment, concurrent ones included', async () => {
    // Given a post whose numbers were read and one never read
    const mediaId = `1800${randomBytes(6).toString('hex')}`;
    const read = await store().publications.create(publicationFactory({ status: 'published', mediaId }));
    const unread = await store().publications.create(publicationFactory({ status: 'published', mediaId: `${mediaId}7` }));
    await store().insights.saveLatest(read.id, { likes: 4, comments: 2, metrics: { reach: 30, views: 50 }, status: 'ok', message: null }, new Date(), null);
    expect(await store().publications.findById(read.id)).toMatchObject({ likeCount: 4, commentCount: 2, reachCount: 30, lastCommentAt: null });
    expect(await store().publications.findById(unread.id)).toMatchObject({ likeCount: null, commentCount: null, reachCount: null, lastCommentAt: null });
    // When comments are notified, two at once
    const at = new Date('2026-03-04T05:06:07.000Z');
    const counts = await Promise.all([store().publications.recordComment(mediaId, at), store().publications.recordComment(mediaId, at)]);
    expect(counts).toEqual([1, 1]);
    expect(await store().publications.recordComment(`${mediaId}7`, at)).toBe(1);
    expect(await store().publications.recordComment('1800000000000000000', at)).toBe(0);
    // Then each one counts; a count never read stays unknown, but the time moves
    expect(await store().publications.findById(read.id)).toMatchObject({ commentCount: 4, likeCount: 4, lastCommentAt: at });
    expect(await store().publications.findById(unread.id)).toMatchObject({ commentCount: null, lastCommentAt: at });
    // And a read without the insights permission has no reach
    await store().insights.saveLatest(read.id, { likes: 5, comments: 3, metrics: {}, status: 'reconnect', message: 'Reconnect' }, new Date(), null);
    expect(await store().publications.findById(read.id)).toMatchObject({ likeCount: 5, commentCount: 3, reachCount: null });
  });

  it('sorts by a number in both directions with never-read posts last, pages included', async () => {
    const connectionId = uniqueId();
    const make = async (likes: number | null) => {
      const row = await store().publications.create(publicationFactory({ connectionId, status: 'published', mediaId: `1800${randomBytes(6).toString('hex')}` }));
      if (likes !== null) await store().insights.saveLatest(row.id, { likes, comments: 0, metrics: {}, status: 'ok', message: null }, new Date(), null);
      return row.id;
    };
    const [ten, unreadOld, thirty, twenty, unreadNew] = [await make(10), await make(null), await make(30), await make(20), await make(null)];
    const ids = async (direction: 'asc' | 'desc', pageSize = 10) => {
      const seen: string[] = [];
      for (let page = 1; page <= Math.ceil(5 / pageSize); page += 1) {
        const { results, total } = await store().publications.list({ connectionId, sort: { field: 'likes', direction }, page, pageSize });
        expect(total).toBe(5);
        seen.push(...results.map((row) => row.id));
      }
      return seen;
    };
    expect(await ids('desc')).toEqual([thirty, twenty, ten, unreadNew, unreadOld]);
    expect(await ids('asc')).toEqual([ten, twenty, thirty, unreadNew, unreadOld]);
    expect(await ids('asc', 2)).toEqual([ten, twenty, thirty, unreadNew, unreadOld]);
    const oldest = await store().publications.list({ connectionId, sort: { field: 'createdAt', direction: 'asc' }, page: 1, pageSize: 10 });
    expect(oldest.results.map((row) => row.id)).toEqual([ten, unreadOld, thirty, twenty, unreadNew]);
  });
};
