import { randomBytes } from 'node:crypto';
import { createTokenCipher } from '../../../server/src/store/cipher';
import { createOAuthRecordMapper } from '../../../server/src/store/oauth-records';
import { createTokenCodec } from '../../../server/src/store/tokens';

describe('OAuth record mapper', () => {
  it('stores the payload encrypted as a whole and reads the record back', () => {
    const mapper = createOAuthRecordMapper(createTokenCodec(createTokenCipher([randomBytes(32).toString('base64')])));
    const record = { key: 'k1', kind: 'pending' as const, userId: '3', flow: 'facebook' as const, payload: { pages: [{ token: 'test-page' }] }, expiresAt: new Date('2026-01-01T00:10:00Z') };
    const row = mapper.toRow(record);
    expect(row.payload).not.toContain('test-page');
    const createdAt = new Date('2026-01-01T00:00:00Z');
    expect(mapper.fromRow({ ...row, id: 9, userId: 3, createdAt: createdAt.toISOString() })).toEqual({ ...record, createdAt });
  });
});
