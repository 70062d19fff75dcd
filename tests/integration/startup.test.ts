import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Store } from '../../server/src/store/types';
import { REFRESH_JOB_NAME } from '../../server/src/services/token-refresh';
import { capturedLogs } from './harness/logs';
import { APP_DIR, REPO_ROOT } from './harness/paths';
import { startTestApp } from './harness/strapi';
import { connectionFactory } from './store/contract';

const run = promisify(execFile);
const ARTICLE = 'api::article.article';

describe('start-up configuration', () => {
  it('stops Strapi with a message naming the option when the encryption key is not 32 bytes', async () => {
    // Given a key that decodes to 16 bytes
    const shortKey = randomBytes(16).toString('base64');
    // When Strapi starts, Then it refuses with the option and the fix in the message
    await expect(startTestApp({ env: { INSTAGRAM_PUBLISHER_ENCRYPTION_KEY: shortKey } })).rejects.toThrow(
      /encryptionKey: must be the base64 encoding of exactly 32 random bytes/
    );
  });

  it('stops Strapi with a message naming refresh.cron when Strapi\'s cron could not schedule the rule', async () => {
    // Given a rule Strapi's cron would only log and drop (the app would start without token refresh)
    // When Strapi starts, Then it refuses, naming the option and the parser's reason
    await expect(startTestApp({ env: { INSTAGRAM_PUBLISHER_REFRESH_CRON: '0 3 * *' } })).rejects.toThrow(
      /refresh\.cron: "0 3 \* \*" is not a cron rule Strapi can schedule \(.*exactly five, six, or seven/
    );
  });

  it('logs when the token refresh runs next, with a valid rule', async () => {
    // Given a rule every 6 hours
    const app = await startTestApp({ env: { INSTAGRAM_PUBLISHER_REFRESH_CRON: '0 */6 * * *' } });
    try {
      // Then the start-up log says when, and Strapi's cron has that very date
      const job = app.strapi.cron.jobs.find((entry: { name: string | null }) => entry.name === REFRESH_JOB_NAME) as any;
      const next: Date = job.job.nextInvocation();
      expect(capturedLogs()).toContainEqual(
        expect.stringContaining(`[instagram-publisher] token refresh scheduled (refresh.cron "0 */6 * * *"): next run ${next.toISOString()}`)
      );
      expect(next.getHours() % 6).toBe(0);
    } finally {
      await app.stop();
    }
  });

  it.each([
    ['an unknown field', { [ARTICLE]: { mediaFields: ['nope'], captionTemplate: '{{title}}' } }, /mappings\.api::article\.article\.mediaFields\.0: "nope" is not a field of Article/],
    ['a template variable the type lacks', { [ARTICLE]: { mediaFields: ['cover'], captionTemplate: '{{title}} {{subtitle}}' } }, /mappings\.api::article\.article\.captionTemplate: the template uses \{\{subtitle\}\}, which is not a field/],
    ['a field of the wrong kind', { [ARTICLE]: { mediaFields: ['title'], captionTemplate: '{{title}}' } }, /mappings\.api::article\.article\.mediaFields\.0: "title" is a string field; media fields must be media attributes/],
    ['an unknown content type', { 'api::nope.nope': { mediaFields: ['cover'] } }, /mappings\.api::nope\.nope: api::nope\.nope is not a content type of this application/],
  ])('stops Strapi when a mapping in config/plugins.ts has %s, naming the mapping and the field', async (_label, mappings, message) => {
    // Given mappings in config/plugins.ts that PUT /settings would refuse
    const start = startTestApp({
      env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' },
      configure: (strapi) => strapi.config.set('plugin::instagram-publisher.mappings', mappings),
    });
    // When Strapi starts, Then it stops with the same message PUT /settings gives
    await expect(start).rejects.toThrow(message);
    await expect(start).rejects.toThrow(/Invalid configuration for plugin "instagram-publisher" \(config\/plugins\.ts\)/);
  });

  it('starts with a valid mapping in config/plugins.ts, even when its account was disconnected since', async () => {
    const app = await startTestApp({
      env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' },
      configure: (strapi) =>
        strapi.config.set('plugin::instagram-publisher.mappings', {
          [ARTICLE]: { mediaFields: ['cover'], captionTemplate: '{{title}}\n#news', connectionId: '999999' },
        }),
    });
    try {
      const mappings = await app.strapi.plugin('instagram-publisher').service('mappings').getAll();
      expect(mappings[ARTICLE]).toMatchObject({ mediaFields: ['cover'], connectionId: '999999' });
    } finally {
      await app.stop();
    }
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

    // When the command runs with the new key first in the ring (on the Node running this suite:
    // `node` from PATH may be another major, whose ABI the SQLite addon was not built for)
    const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'server', 'bin', 'reencrypt-tokens.js'), APP_DIR], {
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
