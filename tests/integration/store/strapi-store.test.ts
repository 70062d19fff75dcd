import { createTokenCipher } from '../../../server/src/store/cipher';
import { createStrapiStore } from '../../../server/src/store/strapi';
import type { Store } from '../../../server/src/store/types';
import { startTestApp, type TestApp } from '../harness/strapi';
import { describeStoreContract } from './contract';

const PLAYGROUND_KEY = 'cGxheWdyb3VuZC1rZXktMzItYnl0ZXMtZXhhY3RseSE=';

let app: TestApp;

beforeAll(async () => {
  // The Strapi-database backend itself, whatever store the rest of the suite runs against.
  app = await startTestApp({ mongo: false, env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } });
});
afterAll(async () => {
  await app?.stop();
});

describeStoreContract('Strapi database', () => ({
  store: () => app.strapi.plugin('instagram-publisher').service('store').get() as Store,
  currentKey: PLAYGROUND_KEY,
  async rawTokens(instagramUserId) {
    // Straight from the table, past every plugin layer.
    const row = await app.strapi.db
      .connection('instagram_connections')
      .where({ instagram_user_id: instagramUserId })
      .first('access_token', 'user_access_token');
    return { accessToken: row?.access_token ?? null, userAccessToken: row?.user_access_token ?? null };
  },
  async withKeys(keys) {
    return createStrapiStore(app.strapi, createTokenCipher(keys));
  },
  async disown(id) {
    await app.strapi.db.connection('instagram_connections').where({ id: Number(id) }).update({ owner_key: null, owner_kind: null });
  },
}));
