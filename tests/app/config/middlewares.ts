/**
 * Strapi's defaults, with Instagram's image hosts allowed in the admin's Content Security
 * Policy so profile pictures show (plus the local sandbox for the playground and tests).
 */
export default ({ env }) => {
  const sandboxOrigin = new URL(env('INSTAGRAM_SANDBOX_URL', 'http://127.0.0.1:4010')).origin;
  return [
  'strapi::logger',
  'strapi::errors',
  {
    name: 'strapi::security',
    config: {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'img-src': ["'self'", 'data:', 'blob:', 'market-assets.strapi.io', '*.cdninstagram.com', '*.fbcdn.net', sandboxOrigin],
          'media-src': ["'self'", 'data:', 'blob:', '*.cdninstagram.com', '*.fbcdn.net', sandboxOrigin],
        },
      },
    },
  },
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
};
