import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Store } from '../../server/src/store/types';
import { APP_DIR, REPO_ROOT } from './harness/paths';
import { startTestApp } from './harness/strapi';
import { connectionFactory } from './store/contract';

const run = promisify(execFile);

describe('start-up configuration', () => {
  it('stops Strapi with a message naming the option when the encryption key is not 32 bytes', async () => {
    // Given a key that decodes to 16 bytes
    const shortKey = randomBytes(16).toString('base64');
    // When Strapi starts, Then it refuses with the option and the fix in the message
    await expect(startTestApp({ env: { INSTAGRAM_PUBLISHER_ENCRYPTION_KEY: shortKey } })).rejects.toThrow(
      /encryptionKey: must be the base64 encoding of exactly 32 random bytes/
    );
  });

  it('refuses to read tokens with a wrong key instead of returning ciphertext or plaintext', async () => {
    // Given a connection stored under the playground key
    const app = await startTestApp({ env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } });
    const store = app.strapi.plugin('instagram-publisher').service('store').get() as Store;
    const saved = await store.connections.upsertByInstagramUserId(connectionFactory());
    await app.stop({ keepDatabase: true });
    // When the app restarts with an unrelated key
    const wrong = await startTestApp({
      databaseFile: app.databaseFile!,
      env: { INSTAGRAM_PUBLISHER_ENCRYPTION_KEY: randomBytes(32).toString('base64'), INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' },
    });
    try {
      const wrongStore = wrong.strapi.plugin('instagram-publisher').service('store').get() as Store;
      // Then reading the connection fails loudly, naming the unknown key id
      await expect(wrongStore.connections.findById(saved.id)).rejects.toThrow(/not in encryptionKeys/);
    } finally {
      await wrong.stop();
    }
  });

  it('re-encrypts every stored token under a new key with the documented command', async () => {
    // Given connections stored under the playground key
    const app = await startTestApp({ env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } });
    const store = app.strapi.plugin('instagram-publisher').service('store').get() as Store;
    const saved = await Promise.all([1, 2, 3].map(() => store.connections.upsertByInstagramUserId(connectionFactory())));
    await app.stop({ keepDatabase: true });
    const newKey = randomBytes(32).toString('base64');
    const oldKey = 'cGxheWdyb3VuZC1rZXktMzItYnl0ZXMtZXhhY3RseSE=';

    // When the command runs with the new key first in the ring
    const { stdout } = await run('node', [path.join(REPO_ROOT, 'server', 'bin', 'reencrypt-tokens.js'), APP_DIR], {
      env: {
        ...process.env,
        DATABASE_FILENAME: app.databaseFile!,
        ...(app.mongoUri ? { INSTAGRAM_PUBLISHER_MONGO_URI: app.mongoUri } : {}),
        APP_ROOT: APP_DIR,
        INSTAGRAM_PUBLISHER_ENCRYPTION_KEYS: `${newKey},${oldKey}`,
      },
      timeout: 120_000,
    });
    expect(stdout).toContain('Re-encrypted 3 of 3 connections under the current key.');

    // Then the app opens every token with the new key alone
    const rotated = await startTestApp({
      databaseFile: app.databaseFile!,
      env: { INSTAGRAM_PUBLISHER_ENCRYPTION_KEY: newKey, INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' },
    });
    try {
      const rotatedStore = rotated.strapi.plugin('instagram-publisher').service('store').get() as Store;
      for (const connection of saved) {
        expect((await rotatedStore.connections.findById(connection.id))?.accessToken).toBe(connection.accessToken);
      }
    } finally {
      await rotated.stop();
    }
  });
});
