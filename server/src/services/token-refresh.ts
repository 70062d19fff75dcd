import type { Core } from '@strapi/strapi';

export const createTokenRefreshService = ({ strapi: _strapi }: { strapi: Core.Strapi }) => ({
  schedule() {},
  unschedule() {},
});

export type TokenRefreshService = ReturnType<typeof createTokenRefreshService>;
