import {
  activeOfKind,
  byMetaUserId,
  DUE_FOR_REFRESH_ORDER,
  dueForRefresh,
  refreshLockFree,
  refreshLockHeldBy,
} from '../../../../server/src/store/connections/filters';
import type { ConnectionWrite, RefreshCursor } from '../../../../server/src/store/types';
import { connectionFactory } from '../../../integration/store/contract';
import { matches } from '../match-filter';

const DAY = 86_400_000;
const now = Date.UTC(2026, 4, 1);

let sequence = 0;
/** A stored connection; ids are zero-padded so that their text order is their numeric order. */
const stored = (overrides: Partial<ConnectionWrite> = {}) => ({
  ...connectionFactory({ tokenExpiresAt: new Date(now + 30 * DAY), ...overrides }),
  id: String((sequence += 1)).padStart(6, '0'),
  refreshLockOwner: null as string | null,
});

const ids = (records: Array<{ id: string }>) => records.map((record) => record.id);

describe('connection filters', () => {
  describe('due for refresh', () => {
    it('takes active connections expiring before the horizon and restricted ones whatever their expiry', () => {
      // Given connections in every state, all far enough or near enough
      const expiring = stored({ tokenExpiresAt: new Date(now + 2 * DAY) });
      const healthy = stored({ tokenExpiresAt: new Date(now + 50 * DAY) });
      const restricted = stored({ status: 'action_required', tokenExpiresAt: new Date(now + 50 * DAY) });
      const dead = stored({ status: 'reconnect_needed', tokenExpiresAt: new Date(now + 2 * DAY) });
      const deauthorized = stored({ status: 'deauthorized', tokenExpiresAt: new Date(now + 2 * DAY) });
      const inactive = stored({ isActive: false, tokenExpiresAt: new Date(now + 2 * DAY) });
      const tokenless = stored({ accessToken: null, tokenExpiresAt: new Date(now + 2 * DAY) });
      const otherKind = stored({ loginKind: 'facebook', tokenExpiresAt: new Date(now + 2 * DAY) });
      const neverExpires = stored({ tokenExpiresAt: null });
      const all = [expiring, healthy, restricted, dead, deauthorized, inactive, tokenless, otherKind, neverExpires];

      // When the refresh job asks for Instagram Login connections due within 15 days
      const filter = dueForRefresh({ loginKind: 'instagram', expiresBefore: new Date(now + 15 * DAY), after: null });

      // Then only the expiring one and the restricted one are due
      expect(ids(all.filter((record) => matches(filter, record)))).toEqual(ids([expiring, restricted]));
      // And without a horizon every refreshable connection of the kind is
      const everything = dueForRefresh({ loginKind: 'instagram', expiresBefore: null, after: null });
      expect(ids(all.filter((record) => matches(everything, record)))).toEqual(ids([expiring, healthy, restricted, neverExpires]));
    });

    it('pages by (expiry, id) so every due connection is seen exactly once, ties included', () => {
      // Given due connections sharing expiry times
      const records = [3, 1, 2, 1, 3, 1, 2].map((days) => stored({ tokenExpiresAt: new Date(now + days * DAY) }));
      const sorted = [...records].sort(
        (a, b) => a.tokenExpiresAt!.getTime() - b.tokenExpiresAt!.getTime() || a.id.localeCompare(b.id)
      );
      expect(DUE_FOR_REFRESH_ORDER).toEqual([['tokenExpiresAt', 'asc'], ['id', 'asc']]);

      // When they are read two at a time after the keyset cursor
      const seen: string[] = [];
      for (let after: RefreshCursor | null = null; ; ) {
        const filter = dueForRefresh({ loginKind: 'instagram', expiresBefore: new Date(now + 10 * DAY), after });
        const page = sorted.filter((record) => matches(filter, record)).slice(0, 2);
        seen.push(...ids(page));
        if (page.length < 2) break;
        const last = page[page.length - 1];
        after = { tokenExpiresAt: last.tokenExpiresAt!, id: last.id };
      }

      // Then each is seen once, in order
      expect(seen).toEqual(ids(sorted));
    });
  });

  it('pages active and restricted connections of a login kind by id', () => {
    const pages = [stored({ loginKind: 'facebook', tokenExpiresAt: null }), stored({ loginKind: 'facebook', status: 'action_required' })];
    const excluded = [stored({ loginKind: 'facebook', status: 'reconnect_needed' }), stored({ loginKind: 'instagram' }), stored({ loginKind: 'facebook', isActive: false })];
    const all = [...pages, ...excluded];
    expect(ids(all.filter((record) => matches(activeOfKind({ loginKind: 'facebook', afterId: null }), record)))).toEqual(ids(pages));
    expect(ids(all.filter((record) => matches(activeOfKind({ loginKind: 'facebook', afterId: pages[0].id }), record)))).toEqual([pages[1].id]);
  });

  it('finds a connection by either of the ids Meta names it with', () => {
    const record = stored({ appScopedUserId: 'meta-1' });
    expect(matches(byMetaUserId('meta-1'), record)).toBe(true);
    expect(matches(byMetaUserId(record.instagramUserId), record)).toBe(true);
    expect(matches(byMetaUserId('someone-else'), record)).toBe(false);
  });

  it('claims a refresh lock only when it is free or stale, and tells the winner by owner and expiry', () => {
    const at = new Date(now);
    const until = new Date(now + 60_000);
    const free = stored();
    const stale = stored({ refreshLockedUntil: new Date(now - 1) });
    const held = stored({ refreshLockedUntil: new Date(now + 1) });
    const outside = stored();
    const candidates = ids([free, stale, held]);
    expect(ids([free, stale, held, outside].filter((record) => matches(refreshLockFree(candidates, at), record)))).toEqual(ids([free, stale]));

    const mine = { ...free, refreshLockedUntil: until, refreshLockOwner: 'run-a' };
    expect(matches(refreshLockHeldBy(candidates, 'run-a', until), mine)).toBe(true);
    expect(matches(refreshLockHeldBy(candidates, 'run-b', until), mine)).toBe(false);
    expect(matches(refreshLockHeldBy(candidates, 'run-a', new Date(until.getTime() + 1)), mine)).toBe(false);
  });
});
