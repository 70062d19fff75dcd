import type { TokenCipher } from './cipher';
import type { StoredRow } from './query';

/**
 * The stores' one token handling: encrypted under the current key on every write (so keys rotate
 * as rows change), decrypted on every read, so nothing above the store ever sees ciphertext.
 */
export const createTokenCodec = (cipher: TokenCipher) => {
  const open = (stored: unknown): string | null => (typeof stored === 'string' && stored ? cipher.decrypt(stored) : null);

  return {
    open,
    /** `data` with each of `fields` it carries encrypted (a null or empty token stays null). */
    seal<T extends object>(data: T, fields: readonly string[]): StoredRow {
      const sealed: StoredRow = { ...data };
      for (const field of fields) {
        if (field in sealed) sealed[field] = sealed[field] ? cipher.encrypt(String(sealed[field])) : null;
      }
      return sealed;
    },
    /** The fields of a stored row to rewrite under the current key, or null when it needs none. */
    reencrypt(stored: StoredRow, fields: readonly string[]): StoredRow | null {
      const changed: StoredRow = {};
      for (const field of fields) {
        const value = stored[field];
        if (typeof value === 'string' && value && cipher.needsReencryption(value)) changed[field] = cipher.encrypt(cipher.decrypt(value));
      }
      return Object.keys(changed).length ? changed : null;
    },
    /** A JSON value encrypted as a whole (OAuth payloads carry Page tokens). */
    sealJson: (value: unknown): string => cipher.encrypt(JSON.stringify(value)),
    openJson: (stored: unknown): Record<string, unknown> => {
      const text = open(stored);
      return text ? JSON.parse(text) : {};
    },
  };
};

export type TokenCodec = ReturnType<typeof createTokenCodec>;
