import { randomBytes } from 'node:crypto';
import { createTokenCipher } from '../../../../server/src/store/cipher';
import { CONNECTION_TOKEN_FIELDS, createConnectionMapper, toProfile } from '../../../../server/src/store/connections/mapper';
import { createTokenCodec } from '../../../../server/src/store/tokens';
import { connectionFactory } from '../../../integration/store/contract';

const cipher = createTokenCipher([randomBytes(32).toString('base64')]);
const mapper = createConnectionMapper(createTokenCodec(cipher));

describe('connection mapper', () => {
  it('writes tokens encrypted and reads the same connection back', () => {
    // Given a connection with both tokens
    const data = connectionFactory({ userAccessToken: 'test-user-token' });
    // When it is turned into a stored record
    const record = mapper.toRow(data);
    // Then no token is stored in clear, and every other field is written as it is
    for (const field of CONNECTION_TOKEN_FIELDS) {
      expect(record[field]).toMatch(/^v1:[0-9a-f]{8}:/);
      expect(record[field]).not.toContain(data[field]!);
    }
    expect(record).toMatchObject({ instagramUserId: data.instagramUserId, status: 'active', profile: data.profile });
    // And reading the record back (as a table returns it, with id and timestamps) gives the connection
    const createdAt = new Date('2026-01-01T00:00:00Z');
    expect(mapper.fromRow({ ...record, id: 42, createdAt, updatedAt: createdAt })).toEqual({ ...data, ownerKind: 'admin', id: '42', createdAt, updatedAt: createdAt });
  });

  it('writes only the fields a patch carries, and a destroyed token as null', () => {
    expect(mapper.toRow({ accessToken: null, status: 'deauthorized' })).toEqual({ accessToken: null, status: 'deauthorized' });
    expect(mapper.toRow({ lastError: 'x' })).toEqual({ lastError: 'x' });
  });

  it('reads what SQLite and older documents hand back: 0/1 booleans, date strings, missing fields', () => {
    const connection = mapper.fromRow({
      id: 7,
      instagramUserId: 1784140001,
      loginKind: 'facebook',
      isActive: 0,
      tokenExpiresAt: '2026-03-04T05:06:07.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
      scopes: ['a', 3],
      profile: { username: 'acct', followersCount: '12' },
    });
    expect(connection).toMatchObject({
      id: '7',
      instagramUserId: '1784140001',
      isActive: false,
      status: 'active',
      accessToken: null,
      tokenExpiresAt: new Date('2026-03-04T05:06:07.000Z'),
      connectedAt: new Date('2026-01-01T00:00:00.000Z'),
      scopes: ['a'],
    });
    expect(connection.profile).toEqual({ ...toProfile({}), username: 'acct' });
    expect(mapper.fromRow({ id: 1, isActive: 1 }).isActive).toBe(true);
  });
});
