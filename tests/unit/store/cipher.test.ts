import { randomBytes } from 'node:crypto';
import { createTokenCipher, TokenDecryptionError } from '../../../server/src/store/cipher';

const newKey = () => randomBytes(32).toString('base64');

describe('token cipher (AES-256-GCM over a key ring)', () => {
  it('round-trips a token without storing it in clear', () => {
    const cipher = createTokenCipher([newKey()]);
    const token = 'test-token-' + randomBytes(16).toString('hex');
    const sealed = cipher.encrypt(token);
    expect(sealed).not.toContain(token);
    expect(sealed.split(':')).toHaveLength(5);
    expect(sealed.startsWith(`v1:${cipher.currentKeyId}:`)).toBe(true);
    expect(cipher.decrypt(sealed)).toBe(token);
  });

  it('uses a fresh IV for every encryption', () => {
    const cipher = createTokenCipher([newKey()]);
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('rejects tampered ciphertext, tag, IV and relabelled key ids', () => {
    const cipher = createTokenCipher([newKey(), newKey()]);
    const [version, keyId, iv, tag, body] = cipher.encrypt('secret-value').split(':');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 0xff;
      return bytes.toString('base64url');
    };
    const otherKeyId = cipher.keyIds[1];
    for (const forged of [
      [version, keyId, iv, tag, flip(body)],
      [version, keyId, iv, flip(tag), body],
      [version, keyId, flip(iv), tag, body],
      [version, otherKeyId, iv, tag, body],
    ]) {
      expect(() => cipher.decrypt(forged.join(':'))).toThrow(TokenDecryptionError);
    }
  });

  it('refuses plaintext and unknown formats instead of passing them through', () => {
    const cipher = createTokenCipher([newKey()]);
    expect(() => cipher.decrypt('plain-token')).toThrow(/expected encrypted format/);
    expect(() => cipher.decrypt('v2:a:b:c:d')).toThrow(TokenDecryptionError);
  });

  it('decrypts with any key of the ring and encrypts with the first', () => {
    const oldKey = newKey();
    const rotatedKey = newKey();
    const before = createTokenCipher([oldKey]);
    const sealedWithOld = before.encrypt('token-under-old-key');
    const after = createTokenCipher([rotatedKey, oldKey]);
    expect(after.decrypt(sealedWithOld)).toBe('token-under-old-key');
    expect(after.needsReencryption(sealedWithOld)).toBe(true);
    const resealed = after.encrypt(after.decrypt(sealedWithOld));
    expect(after.needsReencryption(resealed)).toBe(false);
    expect(() => before.decrypt(resealed)).toThrow(/not in encryptionKeys/);
  });

  it('refuses keys that are not exactly 32 bytes', () => {
    expect(() => createTokenCipher([randomBytes(16).toString('base64')])).toThrow(/exactly 32 bytes/);
    expect(() => createTokenCipher([])).toThrow(/at least one key/);
  });
});
