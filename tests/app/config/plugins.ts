import path from 'path';

/**
 * Evaluated from config/ by the admin build and from dist/config/ by the server: find the
 * app root by its package.json so `resolve` is absolute in both cases.
 */
const appRoot = [path.join(__dirname, '..'), path.join(__dirname, '..', '..')].find((dir) =>
  require('fs').existsSync(path.join(dir, 'package.json'))
) as string;
const pluginRoot = path.resolve(appRoot, '..', '..');

export default ({ env }) => {
  // Playground default: the local Instagram sandbox. Real app credentials switch to Meta.
  // Read here, not at module scope, so every app booted in one process gets its own sandbox.
  const sandboxUrl = env('INSTAGRAM_SANDBOX_URL', 'http://127.0.0.1:4010');
  const useMeta = Boolean(env('INSTAGRAM_APP_ID') || env('FACEBOOK_APP_ID'));
  const keyRing: string[] = env.array('INSTAGRAM_PUBLISHER_ENCRYPTION_KEYS', []);
  return {
  'users-permissions': { config: { jwtSecret: env('JWT_SECRET', 'playground-users-permissions-jwt-secret') } },
  'instagram-publisher': {
    enabled: true,
    resolve: pluginRoot,
    config: {
      // A fixed playground key; a real app reads its key from the environment only.
      ...(keyRing.length
        ? { encryptionKeys: keyRing }
        : { encryptionKey: env('INSTAGRAM_PUBLISHER_ENCRYPTION_KEY', 'cGxheWdyb3VuZC1rZXktMzItYnl0ZXMtZXhhY3RseSE=') }),
      mongoUri: env('INSTAGRAM_PUBLISHER_MONGO_URI', undefined),
      publicUrl: env('PUBLIC_URL', undefined),
      sandbox: !useMeta,
      refresh: {
        cron: env('INSTAGRAM_PUBLISHER_REFRESH_CRON', undefined),
        concurrency: env.int('INSTAGRAM_PUBLISHER_REFRESH_CONCURRENCY', 8),
        refreshWithinDays: env.int('INSTAGRAM_PUBLISHER_REFRESH_WITHIN_DAYS', 15),
      },
      instagram: useMeta
        ? { appId: env('INSTAGRAM_APP_ID'), appSecret: env('INSTAGRAM_APP_SECRET') }
        : { appId: 'sandbox-ig-app', appSecret: 'sandbox-ig-secret' },
      facebook: useMeta
        ? { appId: env('FACEBOOK_APP_ID'), appSecret: env('FACEBOOK_APP_SECRET') }
        : { appId: 'sandbox-fb-app', appSecret: 'sandbox-fb-secret' },
      endpoints: useMeta
        ? {}
        : {
            instagramAuthorize: `${sandboxUrl}/ig-www/oauth/authorize`,
            instagramApi: `${sandboxUrl}/ig-api`,
            instagramGraph: `${sandboxUrl}/ig-graph`,
            facebookDialog: `${sandboxUrl}/fb-www`,
            facebookGraph: `${sandboxUrl}/fb-graph`,
          },
      // The app's own users connect their Instagram and post their files (README: "Let your app's
      // users connect their Instagram"); the reference front end lives under public/example-app/.
      // Instagram webhooks: the verify token typed in Meta's dashboard (README: "Instagram webhooks").
      webhooks: { verifyToken: env('INSTAGRAM_PUBLISHER_WEBHOOK_VERIFY_TOKEN', 'playground-webhook-verify-token') },
      endUsers: {
        enabled: env.bool('INSTAGRAM_PUBLISHER_END_USERS', true),
        returnUrls: env.array('INSTAGRAM_PUBLISHER_RETURN_URLS', [
          `${env('PUBLIC_URL', `http://127.0.0.1:${env.int('PORT', 1337)}`).replace(/\/+$/, '')}/example-app/`,
          // The playground (no PUBLIC_URL) is opened as http://localhost:1337, where Meta's
          // callback lands too (publicUrl's default): its example app comes back there.
          ...(env('PUBLIC_URL') ? [] : [`http://localhost:${env.int('PORT', 1337)}/example-app/`]),
          'http://localhost:3000/',
        ]),
      },
    },
  },
};
};
