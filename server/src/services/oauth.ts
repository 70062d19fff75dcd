import type { Core } from '@strapi/strapi';

export const createOAuthService = ({ strapi: _strapi }: { strapi: Core.Strapi }) => ({});

export type OAuthService = ReturnType<typeof createOAuthService>;
