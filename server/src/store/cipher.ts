import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
const IV_BYTES = 12;

export class TokenDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenDecryptionError';
  }
}

interface Key {
  id: string;
  secret: Buffer;
}

/** A key id that names the key without revealing it, so ciphertext says which ring key opens it. */
const keyIdOf = (secret: Buffer) => createHash('sha256').update(secret).digest('hex').slice(0, 8);

/**
 * AES-256-GCM over a key ring: the first key encrypts, every key decrypts. The format
 * `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts) carries the key id so rotation
 * never needs to guess, and the GCM tag makes any tampering fail loudly.
 */
export const createTokenCipher = (base64Keys: string[]) => {
  if (base64Keys.length === 0) throw new Error('createTokenCipher needs at least one key');
  const keys: Key[] = base64Keys.map((encoded) => {
    const secret = Buffer.from(encoded, 'base64');
    if (secret.length !== 32) throw new Error('each encryption key must decode to exactly 32 bytes');
    return { id: keyIdOf(secret), secret };
  });
  const current = keys[0];

  const encrypt = (plaintext: string): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, current.secret, iv);
    // The key id is authenticated too, so a ciphertext cannot be relabelled to another key.
    cipher.setAAD(Buffer.from(`${VERSION}:${current.id}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, current.id, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(':');
  };

  const decrypt = (payload: string): string => {
    const parts = payload.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) {
      throw new TokenDecryptionError('stored token is not in the expected encrypted format');
    }
    const [version, keyId, iv, tag, body] = parts;
    const key = keys.find((candidate) => candidate.id === keyId);
    if (!key) {
      throw new TokenDecryptionError(
        `stored token was encrypted with key ${keyId}, which is not in encryptionKeys (add the old key after the new one to rotate)`
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key.secret, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${version}:${keyId}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenDecryptionError('stored token failed authentication (tampered or corrupted ciphertext)');
    }
  };

  /** True when the ciphertext was made with an older ring key and should be rewritten. */
  const needsReencryption = (payload: string) => payload.split(':')[1] !== current.id;

  return { encrypt, decrypt, needsReencryption, currentKeyId: current.id, keyIds: keys.map((key) => key.id) };
};

export type TokenCipher = ReturnType<typeof createTokenCipher>;
