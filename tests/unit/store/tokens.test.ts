import { randomBytes } from 'node:crypto';
import { createTokenCipher } from '../../../server/src/store/cipher';
import { createTokenCodec } from '../../../server/src/store/tokens';

const newKey = () => randomBytes(32).toString('base64');

describe('token codec', () => {
  it('encrypts the named fields it is given and leaves the others alone', () => {
    const tokens = createTokenCodec(createTokenCipher([newKey()]));
    const sealed = tokens.seal({ accessToken: 'test-a', userAccessToken: '', lastError: 'test-a' }, ['accessToken', 'userAccessToken', 'absent']);
    expect(sealed.accessToken).toMatch(/^v1:/);
    expect(sealed.userAccessToken).toBeNull();
    expect(sealed.lastError).toBe('test-a');
    expect('absent' in sealed).toBe(false);
    expect(tokens.open(sealed.accessToken)).toBe('test-a');
    expect(tokens.open(null)).toBeNull();
  });

  it('re-encrypts only what an older key sealed', () => {
    // Given a row sealed under an old key, and a ring where a new key now comes first
    const oldKey = newKey();
    const before = createTokenCodec(createTokenCipher([oldKey]));
    const row: Record<string, any> = { id: '1', ...before.seal({ accessToken: 'test-a', userAccessToken: null }, ['accessToken', 'userAccessToken']) };
    const after = createTokenCodec(createTokenCipher([newKey(), oldKey]));
    // When the row is re-encrypted
    const changed = after.reencrypt(row, ['accessToken', 'userAccessToken']);
    // Then only the sealed token is rewritten, under the new key, and a second pass finds nothing to do
    expect(Object.keys(changed!)).toEqual(['accessToken']);
    expect(changed!.accessToken.split(':')[1]).not.toBe(row.accessToken.split(':')[1]);
    expect(after.open(changed!.accessToken)).toBe('test-a');
    expect(after.reencrypt({ ...row, ...changed }, ['accessToken', 'userAccessToken'])).toBeNull();
  });

  it('seals a JSON value as a whole and reads an absent one as empty', () => {
    const tokens = createTokenCodec(createTokenCipher([newKey()]));
    const sealed = tokens.sealJson({ pages: [{ token: 'test-page-token' }] });
    expect(sealed).not.toContain('test-page-token');
    expect(tokens.openJson(sealed)).toEqual({ pages: [{ token: 'test-page-token' }] });
    expect(tokens.openJson(null)).toEqual({});
  });
});
