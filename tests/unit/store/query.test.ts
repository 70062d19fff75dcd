import { createDialect } from '../../../server/src/store/query';

const sql = createDialect({
  idField: 'id',
  parseId: (id) => (/^\d+$/.test(id) ? Number(id) : undefined),
  renames: { status: 'connectionStatus' },
});
const documents = createDialect({ idField: '_id', parseId: (id) => (/^[a-f0-9]{24}$/.test(id) ? `oid(${id})` : undefined) });

describe('store query dialects', () => {
  it('renames fields at every depth and converts ids, leaving the operators as written', () => {
    // Given one filter in domain names
    const expiry = new Date('2026-05-01T00:00:00Z');
    const filter = {
      status: { $in: ['active', 'action_required'] },
      accessToken: { $ne: null },
      $and: [{ $or: [{ tokenExpiresAt: { $gt: expiry } }, { tokenExpiresAt: expiry, id: { $gt: '41' } }] }, { status: 'active' }],
    };
    // When the SQL dialect renders it
    // Then the renamed column and numeric ids appear wherever the fields do
    expect(sql.where(filter)).toEqual({
      connectionStatus: { $in: ['active', 'action_required'] },
      accessToken: { $ne: null },
      $and: [{ $or: [{ tokenExpiresAt: { $gt: expiry } }, { tokenExpiresAt: expiry, id: { $gt: 41 } }] }, { connectionStatus: 'active' }],
    });
    // And the document dialect keeps the names but speaks of `_id` with its own id values
    expect(documents.where({ id: { $in: ['a'.repeat(24)] }, status: 'active' })).toEqual({ _id: { $in: [`oid(${'a'.repeat(24)})`] }, status: 'active' });
  });

  it('lets a malformed id match nothing instead of failing or matching everything', () => {
    expect(sql.where({ id: { $in: ['7', 'not-an-id', '9'] } })).toEqual({ id: { $in: [7, 9] } });
    expect(sql.where({ id: 'not-an-id' })).toEqual({ id: { $in: [] } });
    expect(sql.where({ id: { $gt: 'zzz' } })).toEqual({ id: { $in: [] } });
    expect(documents.where({ id: '12' })).toEqual({ _id: { $in: [] } });
  });

  it('drops fields left undefined, and keeps null as "is null"', () => {
    expect(sql.where({ loginKind: undefined, refreshLockedUntil: null })).toEqual({ refreshLockedUntil: null });
  });

  it('renames data and sorts, and reads a stored record back in domain names with a string id', () => {
    expect(sql.data({ status: 'deauthorized', isActive: false })).toEqual({ connectionStatus: 'deauthorized', isActive: false });
    expect(sql.sort([['status', 'asc'], ['id', 'desc']])).toEqual([['connectionStatus', 'asc'], ['id', 'desc']]);
    expect(sql.row({ id: 12, connectionStatus: 'active', loginKind: 'facebook' })).toEqual({ id: '12', status: 'active', loginKind: 'facebook' });
    expect(documents.row({ _id: { toString: () => 'abc' }, status: 'active' })).toMatchObject({ id: 'abc', status: 'active' });
    expect(documents.column('id')).toBe('_id');
  });

  it('reads a renamed field from its own column, whatever a column bearing the field’s name holds', () => {
    // Given a table whose `publishedAt` field lives in `postedAt`, beside a column named `publishedAt`
    const publications = createDialect({ idField: 'id', parseId: (id) => id, renames: { publishedAt: 'postedAt' } });
    const posted = new Date('2026-01-02T03:04:05.000Z');
    // Then the field reads `postedAt`, in either column order, and a null there stays null
    expect(publications.row({ id: 1, postedAt: posted, publishedAt: new Date(0) })).toEqual({ id: '1', publishedAt: posted });
    expect(publications.row({ id: 1, publishedAt: new Date(0), postedAt: posted })).toEqual({ id: '1', publishedAt: posted });
    expect(publications.row({ id: 1, publishedAt: new Date(0), postedAt: null })).toEqual({ id: '1', publishedAt: null });
  });
});
